import { percentWidthClass } from "@/components/percent-width";
import { formatMoney } from "../../prices/price";

export interface CostBar {
  key: string;
  label: string;
  desktops: number;
  toDate: number;
  projected: number;
}

// A bar chart that is also a table: every bar has its figures as text next to it, so screen
// readers and people who cannot tell bar lengths apart get the same information.
export function CostBars({ title, rows, currency, showToDate, testId }: { title: string; rows: CostBar[]; currency: string; showToDate: boolean; testId?: string }) {
  const max = Math.max(0, ...rows.map((r) => r.projected), ...rows.map((r) => r.toDate));
  const money = (n: number) => formatMoney(n, currency);
  return (
    <figure className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <figcaption className="mb-3 text-sm font-semibold">{title}</figcaption>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing to show.</p>
      ) : (
        <table className="w-full table-fixed text-sm">
          <colgroup>
            <col className="w-[38%]" />
            <col />
            {showToDate && <col className="w-24" />}
            <col className="w-24" />
          </colgroup>
          <thead className="sr-only">
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Cost</th>
              {showToDate && <th scope="col">So far</th>}
              <th scope="col">{showToDate ? "Projected" : "Month"}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-group={r.label}>
                <th scope="row" className="py-1 pr-3 text-left font-normal break-words">
                  {r.label} <span className="text-xs text-slate-500">({r.desktops})</span>
                </th>
                <td className="py-1 pr-3" aria-hidden>
                  <div className="relative h-4 rounded bg-slate-100">
                    <div className={`absolute inset-y-0 left-0 rounded bg-indigo-200 ${percentWidthClass(r.projected, max)}`} />
                    {showToDate && <div className={`absolute inset-y-0 left-0 rounded bg-indigo-600 ${percentWidthClass(r.toDate, max)}`} />}
                  </div>
                </td>
                {showToDate && (
                  <td className="whitespace-nowrap py-1 pr-3 text-right tabular-nums" data-col="toDate">
                    {money(r.toDate)}
                  </td>
                )}
                <td className="whitespace-nowrap py-1 text-right font-medium tabular-nums" data-col="projected">
                  {money(r.projected)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {showToDate && (
        <p className="mt-2 flex gap-4 text-xs text-slate-500">
          <span>
            <span aria-hidden className="mr-1 inline-block size-2.5 rounded-sm bg-indigo-600" />
            so far
          </span>
          <span>
            <span aria-hidden className="mr-1 inline-block size-2.5 rounded-sm bg-indigo-200" />
            projected for the month
          </span>
        </p>
      )}
    </figure>
  );
}
