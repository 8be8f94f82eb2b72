import { notFound } from "next/navigation";
import { BackToUsers } from "@/lib/directories/users/components/back-to-users";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getConfig } from "@/lib/config";
import { findUserDirectory } from "@/lib/directories/users/queries";
import { serviceConnectionFor } from "@/lib/directories/users/service-account";
import { USERS_CSV_COLUMNS } from "@/lib/directories/users/users-csv";
import { UsersCsvImport } from "@/lib/directories/users/components/users-csv-import";
import { Alert } from "@/components/alert";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Create directory users from a CSV" };
export const dynamic = "force-dynamic";

export default async function DirectoryUsersImportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!can(user, "directory.manage")) notFound();
  const { id } = await params;
  const directory = await findUserDirectory(id);
  if (!directory) notFound();
  const connection = serviceConnectionFor(directory, getConfig());
  return (
    <div className="space-y-4">
      <BackToUsers directory={directory} />
      <PageHeader title={`Create users in ${directory.name} from a CSV`} />
      <div className="space-y-1 text-sm text-slate-700">
        <p>
          One user per row, with the columns <span className="font-mono break-all">{USERS_CSV_COLUMNS.join(",")}</span>. Email and
          must_change_password (yes or no) may be left empty.
        </p>
        <p>
          The file is checked first: every row is shown with what is wrong with it, and nothing is created until you confirm. Passwords are never shown,
          and the portal keeps none of them once the users are created.
        </p>
      </div>
      {connection.ok ? <UsersCsvImport directoryId={directory.id} /> : <Alert tone="info">{connection.message}</Alert>}
    </div>
  );
}
