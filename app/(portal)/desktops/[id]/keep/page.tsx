import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getKeepView } from "@/lib/lifecycle/queries";
import { KeepButton } from "@/lib/lifecycle/components/keep-button";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Time } from "@/components/time";

export const metadata = { title: "Keep my desktop" };
export const dynamic = "force-dynamic";

// The warning e-mail's link. A page with one button rather than a link that acts: mail scanners
// follow links, and must not keep a desktop on the owner's behalf.
export default async function KeepDesktopPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desktops/${id}/keep`);
  const view = await getKeepView(id);
  if (!view || !can(user, "desktop.keep", { ownerId: view.ownerId })) notFound();
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Keep my desktop" description={view.label} />
      <Card>
        {view.gone ? (
          <p className="text-sm text-slate-700">This desktop is being or has been terminated: it can no longer be kept.</p>
        ) : (
          <div className="space-y-3 text-sm text-slate-700">
            {view.warnedAt ? (
              <p>
                Nobody has used this desktop for a while, so you were warned on <Time iso={view.warnedAt} /> that it will be cleaned up. Keep it if you still need it.
              </p>
            ) : view.keptAt ? (
              <p>
                You kept this desktop on <Time iso={view.keptAt} />. Nothing will happen to it.
              </p>
            ) : (
              <p>This desktop has no clean-up warning. Keeping it starts its inactivity clock again.</p>
            )}
            {view.warnedAt && <KeepButton desktopId={view.id} />}
          </div>
        )}
      </Card>
      <Link href={`/desktops/${view.id}`} className="text-sm font-medium text-indigo-700 underline">
        Open the desktop
      </Link>
    </div>
  );
}
