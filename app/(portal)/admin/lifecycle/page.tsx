import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getLifecycleSettings, listDirectoryChoices, listInactiveDesktops, listLeavers, listLifecyclePolicies } from "@/lib/lifecycle/queries";
import { LeaverSettingsForm, LeaverTable } from "@/lib/lifecycle/components/leaver-controls";
import { PolicyForm } from "@/lib/lifecycle/components/policy-form";
import { PolicyList } from "@/lib/lifecycle/components/policy-list";
import { RunNowButton } from "@/lib/lifecycle/components/run-now-button";
import { inactiveFilterSchema } from "@/lib/lifecycle/schema";
import { formatMoney } from "@/lib/billing/prices/price";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { FilterForm, FilterInput } from "@/components/filter-form";
import { StateBadge } from "@/components/state-badge";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";

export const metadata = { title: "Lifecycle" };
export const dynamic = "force-dynamic";

export default async function LifecyclePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser("/admin/lifecycle");
  if (!can(user, "lifecycle.manage")) notFound();
  const { days } = inactiveFilterSchema.parse(await searchParams);
  const [inactive, policies, directories, leavers, settings] = await Promise.all([
    listInactiveDesktops(days),
    listLifecyclePolicies(),
    listDirectoryChoices(),
    listLeavers(),
    getLifecycleSettings(),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader title="Lifecycle" description="Desktops nobody uses, the policies that clean them up, and leavers." />
      <Card title="Never used and idle desktops">
        <div className="space-y-3">
          <FilterForm label="Inactivity">
            <FilterInput id="days" label="Inactive for at least (days)" defaultValue={String(days)} />
          </FilterForm>
          <p className="text-sm text-slate-600" data-testid="inactive-summary">
            {inactive.rows.length === 0
              ? `No desktop has been unused for ${plural(days, "day")}.`
              : `${plural(inactive.rows.length, "desktop")} unused for ${plural(days, "day")} or more${
                  inactive.totals.length ? `, costing ${inactive.totals.map((t) => formatMoney(t.monthly, t.currency)).join(" + ")} this month` : ""
                }.`}
          </p>
          {inactive.rows.length > 0 && (
            <DataTable caption="Never used and idle desktops" columns={["Desktop", "Owner", "Status", "Unused since", { label: "Cost this month", className: "text-right" }, "State"]}>
              {inactive.rows.map((r) => (
                <tr key={r.id} data-desktop={r.workspaceId ?? r.id}>
                  <td className="px-3 py-2">
                    <Link href={`/desktops/${r.id}`} className="font-medium text-indigo-700 underline">
                      {r.workspaceId}
                    </Link>
                    <div className="text-xs text-slate-600">
                      {r.userName} · {r.directoryName} · {r.bundleName}
                    </div>
                  </td>
                  <td className="px-3 py-2">{r.ownerName ?? "—"}</td>
                  <td className="px-3 py-2">
                    {r.kind === "NEVER_USED" ? "Never used" : "Idle"}, {plural(r.days, "day")}
                    {r.warnedAt && <div className="text-xs text-amber-800">Owner warned</div>}
                  </td>
                  <td className="px-3 py-2">
                    <Time iso={r.since} />
                  </td>
                  <td className="px-3 py-2 text-right">{r.monthlyCost !== null && r.currency ? formatMoney(r.monthlyCost, r.currency) : "No price"}</td>
                  <td className="px-3 py-2">
                    <StateBadge state={r.state} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
      </Card>
      <Card title="Clean-up policies">
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            A policy warns the owners of unused desktops, who keep theirs with one click; then it stops them and, after a grace period, terminates them. Every step is in the
            audit trail. A new or changed policy does nothing until you have run its dry run and enabled it.
          </p>
          <PolicyList policies={policies} />
          {policies.some((p) => p.enabled) && <RunNowButton />}
          <h3 className="pt-2 font-medium">New policy</h3>
          <PolicyForm directories={directories} />
        </div>
      </Card>
      <Card title="Leavers">
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            People disabled or removed in their directory (checked every hour{settings.lastDirectoryCheckAt ? ", last " : ""}
            {settings.lastDirectoryCheckAt && <Time iso={settings.lastDirectoryCheckAt} />}), disabled in the portal or by their identity provider, or marked as leaving on their
            user page. Their desktops are stopped at the leave date and terminated after the grace period; their manager and the admins are told. Until then you can restore
            their access, which cancels the termination.
          </p>
          <LeaverTable leavers={leavers} />
          <LeaverSettingsForm graceDays={settings.leaverGraceDays} />
        </div>
      </Card>
    </div>
  );
}
