"use client";
import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {children}
      <PendingDot />
    </Link>
  );
}

// Pages authorize before streaming (so refusals are real 404s), hence no loading.tsx:
// the link itself shows that navigation is under way.
function PendingDot() {
  const { pending } = useLinkStatus();
  return pending ? <span role="status" aria-label="Loading" className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" /> : null;
}
