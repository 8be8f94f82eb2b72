import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listCustomBundles } from "@/lib/bundles/queries";
import { isOpen, listChanges } from "@/lib/images/queries";
import { CreateBundleForm } from "@/lib/bundles/components/create-bundle-form";
import { DeleteBundleButton, UpdateBundleImage } from "@/lib/bundles/components/bundle-controls";
import { ChangeList } from "@/lib/images/components/change-list";
import { AutoRefresh } from "@/components/auto-refresh";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { StateBadge } from "@/components/state-badge";
import { plural } from "@/lib/plural";

export const metadata = { title: "Bundles" };
export const dynamic = "force-dynamic";

export default async function BundlesPage() {
  const user = await requireUser();
  if (!can(user, "bundle.manage")) notFound();
  const [list, changes] = await Promise.all([listCustomBundles(), listChanges("bundle")]);

  return (
    <div className="space-y-6">
      {changes.some(isOpen) && <AutoRefresh intervalMs={3000} />}
      <PageHeader title="Bundles" description="Custom bundles in this region: an image with a compute type and volume sizes, for new desktops." />
      {!list.ok ? (
        <Alert tone="error">AWS did not answer with the bundles: {list.message}</Alert>
      ) : (
        <>
          {list.bundles.length === 0 ? (
            <EmptyState title="No custom bundles in this region" />
          ) : (
            <>
              <p className="text-sm text-slate-600" data-testid="bundle-total">
                {plural(list.bundles.length, "custom bundle")}
              </p>
              <DataTable caption="Custom bundles" columns={["Bundle", "Image", "Compute", "Volumes", "State", "Desktops", "Change"]}>
                {list.bundles.map((b) => (
                  <tr key={b.bundleId} data-bundle-id={b.bundleId} data-bundle-name={b.name}>
                    <td className="px-3 py-2">
                      <span className="font-medium break-all">{b.name}</span>
                      <span className="block font-mono text-xs text-slate-500">{b.bundleId}</span>
                      {b.description && <span className="block text-xs text-slate-500">{b.description}</span>}
                    </td>
                    <td className="px-3 py-2">
                      {b.imageName ?? "—"}
                      <span className="block font-mono text-xs text-slate-500">{b.imageId ?? ""}</span>
                    </td>
                    <td className="px-3 py-2">{b.computeType ?? "—"}</td>
                    <td className="px-3 py-2 text-sm">
                      {b.rootVolumeGiB ?? "?"} GB root, {b.userVolumeGiB ?? "?"} GB user
                    </td>
                    <td className="px-3 py-2">
                      <StateBadge state={b.state} label={b.state.toLowerCase()} />
                    </td>
                    <td className="px-3 py-2 tabular-nums">{b.desktopCount}</td>
                    <td className="space-y-2 px-3 py-2">
                      <UpdateBundleImage bundleId={b.bundleId} name={b.name} currentImageId={b.imageId} images={list.availableImages} />
                      <DeleteBundleButton bundleId={b.bundleId} name={b.name} desktopCount={b.desktopCount} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          <ChangeList changes={changes} title="Recent bundle changes" />
          <CreateBundleForm images={list.availableImages} />
        </>
      )}
    </div>
  );
}
