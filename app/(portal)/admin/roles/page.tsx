import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listRoleMappings } from "@/lib/users/queries";
import { RoleMappingTable } from "@/lib/users/components/role-mapping-table";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Roles from groups" };

export default async function RolesPage() {
  const user = await requireUser("/admin/roles");
  if (!can(user, "role.mapping.manage")) notFound();
  const rows = await listRoleMappings();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/users" className="text-indigo-700 underline">
          ← Users
        </Link>
      </p>
      <PageHeader
        title="Roles from groups"
        description="At every sign-in through the directory or single sign-on, a person gets the highest role any of their groups maps to here; everyone else is an employee. A role override on a user's page wins over the groups."
      />
      <RoleMappingTable rows={rows} />
    </div>
  );
}
