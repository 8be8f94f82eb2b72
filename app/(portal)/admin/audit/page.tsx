import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { auditFilterParams, auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { StateBadge } from "@/components/state-badge";
import { FilterForm, FilterInput, FilterSelect } from "@/components/filter-form";
import { DataTable } from "@/components/data-table";
import { Alert } from "@/components/alert";
import { Time } from "@/components/time";
import { buttonClass } from "@/components/button";
import { plural } from "@/lib/plural";

export const metadata = { title: "Audit trail" };

const outcomeTone: Record<string, string> = { SUCCESS: "AVAILABLE", FAILURE: "FAILED", DENIED: "SUSPENDED" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "audit.read")) notFound();
  const parsed = auditFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const audit = await listAuditEvents(filter);
  const params = auditFilterParams(filter);
  const query = new URLSearchParams(params).toString();

  return (
    <div className="space-y-4">
      <PageHeader
        title="Audit trail"
        description="Every action in the portal: who, what, on which object, when, the outcome and AWS's request id."
        actions={
          <a href={`/admin/audit/export${query ? `?${query}` : ""}`} className={buttonClass("secondary")} download>
            Export CSV<span className="sr-only"> of the events shown</span>
          </a>
        }
      />
      <FilterForm>
        <FilterInput id="q" label="Search" defaultValue={filter.q} placeholder="E-mail, id, request id" />
        <FilterInput id="action" label="Action starts with" defaultValue={filter.action} placeholder="desktop." />
        <FilterSelect
          id="outcome"
          label="Outcome"
          defaultValue={filter.outcome}
          options={[["", "All"], ["SUCCESS", "Success"], ["FAILURE", "Failure"], ["DENIED", "Denied"]]}
        />
        <FilterInput id="from" label="From (UTC)" type="date" defaultValue={filter.from} />
        <FilterInput id="to" label="To (UTC)" type="date" defaultValue={filter.to} />
      </FilterForm>
      {!parsed.success && <Alert tone="warning">Some filters were not understood and are ignored: {parsed.error.issues.map((i) => i.message).join(" ")}</Alert>}
      <p className="text-sm text-slate-600" data-testid="audit-total">
        {plural(audit.total, "event")}
      </p>
      {audit.rows.length === 0 ? (
        <EmptyState title="No events match" />
      ) : (
        <DataTable caption="Audit events" columns={["When", "Who", "Action", "Object", "Outcome", "Details"]}>
          {audit.rows.map((e) => (
            <tr key={e.id} data-event-id={e.id}>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                <Time iso={e.at} />
              </td>
              <td className="px-3 py-2 break-all">
                {e.actorEmail ?? e.triedEmail ?? "system"}
                {!e.actorEmail && e.triedEmail && <span className="block text-xs text-slate-500">no account has this e-mail</span>}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-3 py-2 text-xs">
                {e.target ? (
                  e.target.href ? (
                    <Link href={e.target.href} className="text-indigo-700 underline" title={e.target.id ?? undefined}>
                      {e.target.label}
                    </Link>
                  ) : (
                    <span title={e.target.id ?? undefined}>{e.target.label}</span>
                  )
                ) : (
                  "—"
                )}
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
        </DataTable>
      )}
      <Pagination page={audit.page} pages={audit.pages} params={params} basePath="/admin/audit" />
    </div>
  );
}
