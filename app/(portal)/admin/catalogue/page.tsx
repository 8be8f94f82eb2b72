import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listCatalogue, listDirectoryChoices } from "@/lib/catalog/queries";
import { CatalogueEditor } from "@/lib/catalog/components/catalogue-editor";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { EmptyState } from "@/components/empty-state";

export const metadata = { title: "Catalogue" };

export default async function CataloguePage() {
  const user = await requireUser("/admin/catalogue");
  if (!can(user, "catalog.manage")) notFound();
  const [rows, directories] = await Promise.all([listCatalogue(), listDirectoryChoices()]);
  const offered = rows.filter((r) => r.offer).length;
  return (
    <div className="space-y-4">
      <PageHeader
        title="Catalogue"
        description="The desktop types employees may request: public and custom bundles, each under a name and description you choose, for everyone or only some roles, groups or directories."
      />
      {offered === 0 && (
        <Alert tone="info">
          No bundle is offered yet, so employees may request every current bundle except outdated ones (Windows 10 and Amazon Linux 2). Once you offer one,
          employees see only what you offer.
        </Alert>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No bundles yet">The catalogue is being refreshed from AWS. Try again in a minute.</EmptyState>
      ) : (
        <CatalogueEditor rows={rows} directories={directories} />
      )}
    </div>
  );
}
