import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getCostDashboard } from "@/lib/billing/costs/queries";
import { costMonthSchema } from "@/lib/billing/costs/schema";
import { billingMonthOf, parseMonthKey, previousMonth } from "@/lib/billing/month";
import { formatMoney } from "@/lib/billing/prices/price";
import { BillingNav } from "@/lib/billing/components/billing-nav";
import { CostBars } from "@/lib/billing/costs/components/cost-bars";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { Time } from "@/components/time";
import { buttonClass } from "@/components/button";
import { plural, pluralWord } from "@/lib/plural";

export const metadata = { title: "Costs" };

export default async function CostDashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "billing.manage")) notFound();
  const { month: key, groupBy } = costMonthSchema.parse(await searchParams);
  const now = new Date();
  const current = billingMonthOf(now);
  const requested = key ? parseMonthKey(key) : null;
  const month = requested && requested.start <= now ? requested : current;
  const d = await getCostDashboard(month, now, groupBy);
  const money = (n: number) => formatMoney(n, d.currency);
  const months = Array.from({ length: 12 }, (_, i) => i).reduce((list, i) => [...list, i === 0 ? current : previousMonth(list[i - 1])], [] as (typeof current)[]);

  return (
    <div>
      <PageHeader
        title="Costs"
        description={`${d.monthLabel}${d.isCurrentMonth ? ", month to date and projected" : ""}. Estimates from list prices and sampled usage.`}
        actions={
          <a href={`/admin/billing/export?${new URLSearchParams({ month: d.monthKey, ...(d.byTag ? { groupBy: d.byTag.key } : {}) })}`} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <BillingNav current="dashboard" showAdmin />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="month" className="block text-xs font-medium text-slate-600">
            Month
          </label>
          <select id="month" name="month" defaultValue={d.monthKey} className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300">
            {months.map((m) => (
              <option key={m.key} value={m.key}>
                {m.start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" })}
              </option>
            ))}
          </select>
        </div>
        {d.requiredTagKeys.length > 0 && (
          <div>
            <label htmlFor="groupBy" className="block text-xs font-medium text-slate-600">
              Group by tag
            </label>
            <select id="groupBy" name="groupBy" defaultValue={d.byTag?.key ?? ""} className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300">
              <option value="">No tag</option>
              {d.requiredTagKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className={buttonClass("secondary")}>
          Show
        </button>
      </form>

      {d.unpriced > 0 && (
        <div className="mb-4">
          <Alert tone="warning">
            {plural(d.unpriced, "desktop")} {pluralWord(d.unpriced, "has", "have")} no price for their region and bundle and are left out. <Link href="/admin/billing/prices" className="underline">Add prices</Link>.
          </Alert>
        </div>
      )}
      {d.mixedCurrencies && (
        <div className="mb-4">
          <Alert tone="warning">Prices are in more than one currency; totals add them up as they are.</Alert>
        </div>
      )}

      <dl className="mb-6 grid gap-3 sm:grid-cols-3">
        {/* A past month is over: what it cost so far is what it cost, so it gets one card. */}
        {d.isCurrentMonth && <Stat label="So far this month" value={money(d.totals.toDate)} testId="total-to-date" />}
        <Stat label={d.isCurrentMonth ? "Projected for the month" : "Cost of the month"} value={money(d.totals.projected)} testId="total-projected" />
        <Stat
          label="Recommendations would save"
          value={d.isCurrentMonth ? `${money(d.saving.monthly)} / month` : "—"}
          testId="total-saving"
          note={
            d.isCurrentMonth ? (
              <Link href="/admin/billing/recommendations" className="text-indigo-700 underline">
                {plural(d.saving.count, "desktop")} to switch
              </Link>
            ) : (
              "Shown for the current month"
            )
          }
        />
      </dl>

      {d.byTag && (
        <div className="mb-4">
          <CostBars title={`By tag ${d.byTag.key}`} rows={d.byTag.groups} currency={d.currency} showToDate={d.isCurrentMonth} testId="by-tag" />
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <CostBars title="By billing mode" rows={d.groups.mode} currency={d.currency} showToDate={d.isCurrentMonth} testId="by-mode" />
        <CostBars title="By bundle" rows={d.groups.bundle} currency={d.currency} showToDate={d.isCurrentMonth} testId="by-bundle" />
        <CostBars title={`By cost centre (tag ${d.tagKeys.costCentre})`} rows={d.groups.costCentre} currency={d.currency} showToDate={d.isCurrentMonth} testId="by-cost-centre" />
        <CostBars title={`By department (tag ${d.tagKeys.department})`} rows={d.groups.department} currency={d.currency} showToDate={d.isCurrentMonth} testId="by-department" />
        <CostBars title="By user" rows={d.groups.user} currency={d.currency} showToDate={d.isCurrentMonth} testId="by-user" />
      </div>
      <p className="mt-4 text-xs text-slate-500">
        {plural(d.desktops, "desktop")}. Fixed fees accrue evenly over the month; AutoStop hours are the clock hours a desktop ran (connected, or idle
        until its timeout stopped it). Usage last sampled {d.lastSampleAt ? <Time iso={d.lastSampleAt} relative /> : "never"}.
      </p>
    </div>
  );
}

function Stat({ label, value, note, testId }: { label: string; value: string; note?: React.ReactNode; testId: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {note && <dd className="mt-1 text-xs">{note}</dd>}
    </div>
  );
}
