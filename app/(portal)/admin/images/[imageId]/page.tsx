import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { homeRegion, isOpen, listChanges, loadImage } from "@/lib/images/queries";
import { CopyImageForm, DeleteImageButton, ShareImageForm, UnshareButton } from "@/lib/images/components/image-controls";
import { ChangeList } from "@/lib/images/components/change-list";
import { AutoRefresh } from "@/components/auto-refresh";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { StateBadge } from "@/components/state-badge";
import { Time } from "@/components/time";

export const metadata = { title: "Image" };
export const dynamic = "force-dynamic";

export default async function ImagePage({ params }: { params: Promise<{ imageId: string }> }) {
  const user = await requireUser();
  if (!can(user, "image.manage")) notFound();
  const { imageId } = await params;
  const loaded = await loadImage(imageId);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <PageHeader title="Image" />
        <Alert tone="error">AWS did not answer with the image: {loaded.message}</Alert>
      </div>
    );
  }
  if (!loaded.detail) notFound();
  const { image, sharedWith, copies } = loaded.detail;
  const changes = (await listChanges("image", 50)).filter((c) => c.summary.includes(imageId));
  const settling = changes.some(isOpen) || image.state === "PENDING" || copies.some((c) => c.state === "PENDING");
  const available = image.state === "AVAILABLE";

  return (
    <div className="space-y-6">
      {settling && <AutoRefresh intervalMs={3000} />}
      <p>
        <Link href="/admin/images" className="text-sm text-indigo-700 underline">
          All images
        </Link>
      </p>
      <PageHeader title={image.name} description={image.description} actions={<DeleteImageButton imageId={image.imageId} name={image.name} bundleNames={image.bundleIds} />} />
      <dl className="grid gap-x-6 gap-y-2 rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Image id</dt>
          <dd className="font-mono">{image.imageId}</dd>
        </div>
        <div>
          <dt className="text-slate-500">State</dt>
          <dd>
            <StateBadge state={image.state} label={image.state.toLowerCase()} />
            {image.state === "ERROR" && <span className="block text-red-700">{`${image.errorCode ?? ""}: ${image.errorMessage ?? ""}`}</span>}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Operating system</dt>
          <dd>{image.osType ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Created</dt>
          <dd>{image.created ? <Time iso={image.created} /> : "—"}</dd>
        </div>
      </dl>

      <section aria-labelledby="sharing-title" className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <h2 id="sharing-title" className="text-lg font-semibold">
          Shared with
        </h2>
        {sharedWith.length === 0 ? (
          <p className="text-sm text-slate-600">Not shared with any other account.</p>
        ) : (
          <ul className="space-y-2" data-testid="shared-with">
            {sharedWith.map((a) => (
              <li key={a} className="flex flex-wrap items-center gap-3">
                <span className="font-mono">{a}</span>
                <UnshareButton imageId={image.imageId} accountId={a} />
              </li>
            ))}
          </ul>
        )}
        {available ? <ShareImageForm imageId={image.imageId} /> : <p className="text-sm text-slate-600">An image can be shared once it is AVAILABLE.</p>}
      </section>

      <section aria-labelledby="copies-title" className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <h2 id="copies-title" className="sr-only">
          Copies
        </h2>
        {copies.length > 0 && (
          <ul className="space-y-1 text-sm" data-testid="image-copies">
            {copies.map((c) => (
              <li key={`${c.region}/${c.imageId}`}>
                {c.region}: <span className="font-mono">{c.imageId}</span> ({c.name}) <StateBadge state={c.state} label={c.state.toLowerCase()} />
                {c.errorMessage && <span className="block text-red-700">{c.errorMessage}</span>}
              </li>
            ))}
          </ul>
        )}
        {available ? <CopyImageForm imageId={image.imageId} name={image.name} homeRegion={homeRegion()} /> : <p className="text-sm text-slate-600">An image can be copied once it is AVAILABLE.</p>}
      </section>
      <ChangeList changes={changes} title="Changes to this image" />
    </div>
  );
}
