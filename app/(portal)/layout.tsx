import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { signOut } from "@/lib/auth/actions";
import { MainNav } from "@/components/main-nav";
import { countManagedQueue } from "@/lib/requests/queries";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // A manager who is not an approver sees Approvals only while something waits for their decision.
  const approvals = can(user, "request.review") || (can(user, "request.queue") && (await countManagedQueue(user)) > 0);
  const links = [
    { href: "/", label: "My desktops" },
    { href: "/requests", label: "My requests" },
    ...(approvals ? [{ href: "/approvals", label: "Approvals" }] : []),
    ...(can(user, "fleet.read") ? [{ href: "/admin/fleet", label: "Fleet" }] : []),
    ...(can(user, "bulk.provision") ? [{ href: "/admin/bulk", label: "Bulk" }] : []),
    ...(can(user, "directory.read")
      ? [
          { href: "/admin/directories", label: "Directories" },
          { href: "/admin/ip-groups", label: "IP groups" },
        ]
      : []),
    ...(can(user, "image.manage") ? [{ href: "/admin/images", label: "Images" }] : []),
    ...(can(user, "bundle.manage") ? [{ href: "/admin/bundles", label: "Bundles" }] : []),
    ...(can(user, "directory.create") ? [{ href: "/admin/directories/quick-setup", label: "Quick set-up" }] : []),
    ...(can(user, "catalog.manage") ? [{ href: "/admin/catalogue", label: "Catalogue" }] : []),
    ...(can(user, "approval.policy.manage") ? [{ href: "/admin/approval-policies", label: "Approval policies" }] : []),
    ...(can(user, "audit.read") ? [{ href: "/admin/audit", label: "Audit trail" }] : []),
    ...(can(user, "user.list") ? [{ href: "/admin/users", label: "Users" }] : []),
    ...(can(user, "notification.manage") ? [{ href: "/admin/notifications", label: "Notifications" }] : []),
    ...(can(user, "lifecycle.manage") ? [{ href: "/admin/lifecycle", label: "Lifecycle" }] : []),
    ...(can(user, "billing.manage")
      ? [{ href: "/admin/billing", label: "Costs" }]
      : can(user, "billing.review")
        ? [{ href: "/admin/billing/requests", label: "Billing requests" }]
        : []),
  ];
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="relative border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="font-semibold text-indigo-700">
            WorkSpaces Portal
          </Link>
          <MainNav links={links} />
          <div className="flex items-center gap-3 text-sm">
            <Link href="/account" className="text-slate-600 underline-offset-2 hover:underline" title="Your account and two-step verification">
              <span className="font-medium text-slate-900">{user.name}</span>{" "}
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{user.role.toLowerCase()}</span>
            </Link>
            <Link href="/help" className="text-slate-600 underline-offset-2 hover:underline">
              Help
            </Link>
            <form action={signOut}>
              <button type="submit" className="text-slate-600 underline-offset-2 hover:underline">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
