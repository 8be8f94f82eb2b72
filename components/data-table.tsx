import Link from "next/link";
import { Children, cloneElement, isValidElement } from "react";

type Cell = React.ReactElement<{ "data-label"?: string; children?: React.ReactNode }>;

/** A sortable column's header link, worked out by the page from the URL. */
export type SortLink = { href: string; current: "ascending" | "descending" | null };

/** A column whose header needs more than its name. */
export interface ColumnSpec {
  label: React.ReactNode;
  /** Classes for the header cell, e.g. "text-right" over numbers. */
  className?: string;
  /** The header links to the list sorted by this column (aria-sort says the current order). */
  sort?: SortLink;
  /** The header stays visible on a phone, where the others hide (e.g. a "select all" box). */
  phone?: boolean;
}

export type Column = React.ReactNode | ColumnSpec;

const isSpec = (column: Column): column is ColumnSpec =>
  typeof column === "object" && column !== null && !isValidElement(column) && !(Symbol.iterator in column) && "label" in column;
const specOf = (column: Column): ColumnSpec => (isSpec(column) ? column : { label: column });

// A responsive table with an accessible caption and column headers; rows are the children.
// On a phone each row becomes a card (see .stack-on-phone): every cell is labelled with its
// column's name, unless it already names itself. A table that hides columns on a phone instead
// passes stackOnPhone={false}.
export function DataTable({
  caption,
  columns,
  children,
  stackOnPhone = true,
}: {
  caption: string;
  columns: readonly Column[];
  children: React.ReactNode;
  stackOnPhone?: boolean;
}) {
  const specs = columns.map(specOf);
  const labelled = Children.map(children, (row) => {
    if (!isValidElement<{ children?: React.ReactNode }>(row)) return row;
    const cells = Children.toArray(row.props.children).map((cell, i) =>
      isValidElement(cell) && typeof specs[i]?.label === "string" && (cell as Cell).props["data-label"] === undefined
        ? cloneElement(cell as Cell, { "data-label": specs[i].label as string })
        : cell,
    );
    return cloneElement(row, {}, ...cells);
  });
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className={`${stackOnPhone ? "stack-on-phone " : ""}min-w-full text-sm`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {specs.map((column, i) => (
              <th
                key={i}
                scope="col"
                className={`px-3 py-2${column.className ? ` ${column.className}` : ""}`}
                aria-sort={column.sort?.current ?? undefined}
                data-phone={column.phone ? "" : undefined}
              >
                {column.sort ? (
                  <Link href={column.sort.href} prefetch={false} className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
                    {column.label}
                    <span aria-hidden="true">{column.sort.current === "ascending" ? "▲" : column.sort.current === "descending" ? "▼" : ""}</span>
                  </Link>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{labelled}</tbody>
      </table>
    </div>
  );
}
