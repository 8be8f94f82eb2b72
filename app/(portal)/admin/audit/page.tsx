import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { StateBadge } from "@/components/state-badge";
import { inputClass } from "@/components/field";
import { buttonClass } from "@/components/button";
import { Time } from "@/components/time";

export const metadata = { title: "Audit trail" };

const outcomeTone: Record<string, string> = { SUCCESS: "AVAILABLE", FAILURE: "FAILED", DENIED: "SUSPENDED" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "audit.read")) notFound();
  const parsed = auditFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const audit = await listAuditEvents(filter);
  const params = Object.fromEntries(Object.entries({ q: filter.q, action: filter.action, outcome: filter.outcome }).filter(([, v]) => v));

  return (
    <div className="space-y-4">
      <PageHeader title="Audit trail" description="Every action in the portal: who, what, on which object, when, the outcome and AWS's request id." />
      <form method="get" role="search" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input id="q" name="q" defaultValue={filter.q} placeholder="E-mail, id, request id" className={inputClass} />
        </div>
        <div>
          <label htmlFor="action" className="block text-xs font-medium text-slate-600">
            Action starts with
          </label>
          <input id="action" name="action" defaultValue={filter.action} placeholder="desktop." className={inputClass} />
        </div>
        <div>
          <label htmlFor="outcome" className="block text-xs font-medium text-slate-600">
            Outcome
          </label>
          <select id="outcome" name="outcome" defaultValue={filter.outcome} className={inputClass}>
            <option value="">All</option>
            <option value="SUCCESS">Success</option>
            <option value="FAILURE">Failure</option>
            <option value="DENIED">Denied</option>
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Apply
        </button>
      </form>
      {audit.rows.length === 0 ? (
        <EmptyState title="No events match" />
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Audit events</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">When</th>
                <th scope="col" className="px-3 py-2">Who</th>
                <th scope="col" className="px-3 py-2">Action</th>
                <th scope="col" className="px-3 py-2">Object</th>
                <th scope="col" className="px-3 py-2">Outcome</th>
                <th scope="col" className="px-3 py-2">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {audit.rows.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                    <Time iso={e.at} />
                  </td>
                  <td className="px-3 py-2">{e.actorEmail ?? "system"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 text-xs">
                    {e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"}
                  </td>
                  <td className="px-3 py-2">
                    <StateBadge state={outcomeTone[e.outcome] ?? e.outcome} label={e.outcome.toLowerCase()} />
                  </td>
                  <td className="max-w-sm px-3 py-2 text-xs text-slate-600">
                    <span className="break-words">{e.message}</span>
                    {e.awsRequestId && <span className="block font-mono">AWS request {e.awsRequestId}</span>}
                    {e.ipAddress && <span className="block">from {e.ipAddress}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={audit.page} pages={audit.pages} params={params} basePath="/admin/audit" />
    </div>
  );
}
