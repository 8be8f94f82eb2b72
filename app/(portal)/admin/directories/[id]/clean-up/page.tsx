import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { plural } from "@/lib/plural";
import { loadCleanUpPreview } from "@/lib/directories/clean-up/queries";
import { CleanUpConfirmForm } from "@/lib/directories/clean-up/components/clean-up-confirm-form";

export const metadata = { title: "Clean up a directory" };
export const dynamic = "force-dynamic";

export default async function CleanUpPreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/admin/directories/${id}/clean-up`);
  if (!can(user, "directory.manage") || !/^d-[0-9a-f]{10}$/.test(id)) notFound();
  const read = await loadCleanUpPreview(id);
  if (!read.ok) {
    if (read.missing) notFound();
    return <Alert tone="error">{read.message}</Alert>;
  }
  const p = read.preview;
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/admin/directories/${id}`} className="text-sm text-indigo-700 underline">
          Back to the directory
        </Link>
      </p>
      <PageHeader title={`Clean up ${p.name}`} description="Everything below is removed from AWS, in this order. Nothing happens until you confirm." />
      <Card title="What will be removed">
        <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="clean-up-preview">
          <li>{p.desktops > 0 ? `Terminate ${plural(p.desktops, "desktop")} (their data is lost), 25 per call, and wait until they are gone` : "No desktops to terminate"}</li>
          <li>{p.registered ? "Deregister the directory from WorkSpaces" : "The directory is not registered with WorkSpaces"}</li>
          <li>
            Delete the directory {p.name} ({p.directoryId})
          </li>
          <li>
            {p.portalNetwork
              ? `Delete the network the portal created: VPC ${p.vpcId}${p.subnetIds.length ? `, ${plural(p.subnetIds.length, "subnet")} (${p.subnetIds.join(", ")})` : ""}${p.internetGatewayIds.length ? `, internet gateway ${p.internetGatewayIds.join(", ")}` : ""} and its route to the internet`
              : `Keep the VPC ${p.vpcId ?? ""}: the portal did not create it`}
          </li>
        </ol>
      </Card>
      <Card title="Confirm">
        <CleanUpConfirmForm directoryId={p.directoryId} name={p.name} />
      </Card>
    </div>
  );
}
