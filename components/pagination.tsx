import Link from "next/link";

// Keeps the current filters in the links.
export function Pagination({ page, pages, params, basePath }: { page: number; pages: number; params: Record<string, string>; basePath: string }) {
  if (pages <= 1) return null;
  const href = (p: number) => `${basePath}?${new URLSearchParams({ ...params, page: String(p) })}`;
  const link = "rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 bg-white hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 text-sm">
      {page > 1 ? <Link href={href(page - 1)} className={link} rel="prev">← Previous</Link> : <span />}
      <span className="text-slate-600">
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={href(page + 1)} className={link} rel="next">Next →</Link> : <span />}
    </nav>
  );
}
