import { Children, cloneElement, isValidElement } from "react";

type Cell = React.ReactElement<{ "data-label"?: string; children?: React.ReactNode }>;

// A responsive table with an accessible caption and column headers; rows are the children.
// On a phone each row becomes a card (see .stack-on-phone): every cell is labelled with its
// column's name, unless it already names itself.
export function DataTable({ caption, columns, children }: { caption: string; columns: readonly React.ReactNode[]; children: React.ReactNode }) {
  const labelled = Children.map(children, (row) => {
    if (!isValidElement<{ children?: React.ReactNode }>(row)) return row;
    const cells = Children.toArray(row.props.children).map((cell, i) =>
      isValidElement(cell) && typeof columns[i] === "string" && (cell as Cell).props["data-label"] === undefined
        ? cloneElement(cell as Cell, { "data-label": columns[i] as string })
        : cell,
    );
    return cloneElement(row, {}, ...cells);
  });
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="stack-on-phone min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className="px-3 py-2">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{labelled}</tbody>
      </table>
    </div>
  );
}
