import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { loadNetworkChoices } from "@/lib/directories/create/queries";
import { CreateDirectoryForm } from "@/lib/directories/create/components/create-directory-form";

export const metadata = { title: "Create a directory" };
export const dynamic = "force-dynamic";

export default async function NewDirectoryPage() {
  const user = await requireUser("/admin/directories/new");
  if (!can(user, "directory.create")) notFound();
  const network = await loadNetworkChoices();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Create a directory"
        description="Every WorkSpace lives in a directory in two subnets of different Availability Zones. Creation takes a few minutes; you can follow it on the next page."
      />
      <Card>{network.ok ? <CreateDirectoryForm network={network.network} /> : <Alert tone="error">{network.message}</Alert>}</Card>
    </div>
  );
}
