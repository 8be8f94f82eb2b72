import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { isOpen, listChanges, listImageableDesktops, listImages } from "@/lib/images/queries";
import { CreateImageForm } from "@/lib/images/components/create-image-form";
import { ChangeList } from "@/lib/images/components/change-list";
import { DeleteImageButton } from "@/lib/images/components/image-controls";
import { AutoRefresh } from "@/components/auto-refresh";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { StateBadge } from "@/components/state-badge";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";

export const metadata = { title: "Images" };
// What AWS says now: an image being made turns AVAILABLE or ERROR on AWS's clock.
export const dynamic = "force-dynamic";

export default async function ImagesPage() {
  const user = await requireUser();
  if (!can(user, "image.manage")) notFound();
  const [list, desktops, changes] = await Promise.all([listImages(), listImageableDesktops(), listChanges("image")]);
  const settling = changes.some(isOpen) || (list.ok && list.images.some((i) => i.state === "PENDING"));

  return (
    <div className="space-y-6">
      {settling && <AutoRefresh intervalMs={3000} />}
      <PageHeader title="Images" description="Custom images in this region: made from a desktop, used by custom bundles, copied to other regions and shared with other accounts." />
      {!list.ok ? (
        <Alert tone="error">AWS did not answer with the images: {list.message}</Alert>
      ) : list.images.length === 0 ? (
        <EmptyState title="No custom images in this region" />
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="image-total">
            {plural(list.images.length, "image")}
          </p>
          <DataTable caption="Custom images" columns={["Image", "State", "Operating system", "Created", "Used by", ""]}>
            {list.images.map((i) => (
              <tr key={i.imageId} data-image-id={i.imageId} data-image-name={i.name}>
                <td className="px-3 py-2">
                  <Link href={`/admin/images/${i.imageId}`} className="font-medium text-indigo-700 underline break-all">
                    {i.name}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{i.imageId}</span>
                  {i.description && <span className="block text-xs text-slate-500">{i.description}</span>}
                </td>
                <td className="px-3 py-2">
                  <StateBadge state={i.state} label={i.state.toLowerCase()} />
                  {i.state === "ERROR" && (
                    <span className="block text-xs text-red-700" data-testid="image-error">
                      {i.errorCode ? `${i.errorCode}: ` : ""}
                      {i.errorMessage ?? "AWS gave no reason."}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">{i.osType ? i.osType.charAt(0) + i.osType.slice(1).toLowerCase() : "—"}</td>
                <td className="px-3 py-2">{i.created ? <Time iso={i.created} /> : "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{i.bundleIds.length ? i.bundleIds.join(", ") : "—"}</td>
                <td className="px-3 py-2">
                  <DeleteImageButton imageId={i.imageId} name={i.name} bundleNames={i.bundleIds} />
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      <ChangeList changes={changes} title="Recent image changes" />
      <CreateImageForm desktops={desktops} />
    </div>
  );
}
