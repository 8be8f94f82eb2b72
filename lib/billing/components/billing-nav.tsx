import Link from "next/link";

const LINKS = [
  { href: "/admin/billing", label: "Costs", key: "dashboard" },
  { href: "/admin/billing/recommendations", label: "Recommendations", key: "recommendations" },
  { href: "/admin/billing/prices", label: "Prices", key: "prices" },
  { href: "/admin/billing/requests", label: "Requests", key: "requests" },
] as const;

export type BillingSection = (typeof LINKS)[number]["key"];

export function BillingNav({ current, showAdmin }: { current: BillingSection; showAdmin: boolean }) {
  const links = showAdmin ? LINKS : LINKS.filter((l) => l.key === "requests");
  return (
    <nav aria-label="Billing" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
      {links.map((l) => (
        <Link
          key={l.key}
          href={l.href}
          aria-current={l.key === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${l.key === current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
