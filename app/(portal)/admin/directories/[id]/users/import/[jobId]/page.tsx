import { notFound } from "next/navigation";
import { BackToUsers } from "@/lib/directories/users/components/back-to-users";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { directoryUserImport, findUserDirectory } from "@/lib/directories/users/queries";
import { AutoRefresh } from "@/components/auto-refresh";
import { DataTable } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { ProgressBar } from "@/components/progress-bar";
import { StateBadge } from "@/components/state-badge";
import { plural } from "@/lib/plural";

export const metadata = { title: "Directory users import" };
export const dynamic = "force-dynamic";

const LABEL = { QUEUED: "Queued", RUNNING: "Creating", SUCCEEDED: "Created", FAILED: "Failed", CANCELLED: "Cancelled" } as const;

export default async function DirectoryUsersImportProgressPage({ params }: { params: Promise<{ id: string; jobId: string }> }) {
  const user = await requireUser();
  if (!can(user, "directory.read")) notFound();
  const { id, jobId } = await params;
  const directory = await findUserDirectory(id);
  if (!directory) notFound();
  const items = await directoryUserImport(directory.id, jobId);
  if (!items) notFound();
  items.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const count = (status: keyof typeof LABEL) => items.filter((i) => i.status === status).length;
  const created = count("SUCCEEDED");
  const failed = count("FAILED") + count("CANCELLED");
  const running = items.length - created - failed;
  return (
    <div className="space-y-4">
      <BackToUsers directory={directory} />
      <PageHeader title={`Creating ${plural(items.length, "user")} in ${directory.name}`} />
      {running > 0 && <AutoRefresh />}
      <ProgressBar
        label="Users created"
        total={items.length}
        segments={[
          { label: "Created", value: created, tone: "success" },
          { label: "Failed", value: failed, tone: "danger" },
          { label: "Still to do", value: running, tone: "active" },
        ]}
      />
      <p role="status" data-testid="import-status">
        {running > 0 ? `${plural(created, "user")} created so far, ${running} still to do.` : `Done: ${plural(created, "user")} created${failed > 0 ? `, ${failed} failed` : ""}.`}
      </p>
      <DataTable caption="Users of this import" columns={["Line", "User name", "State", "Problem"]}>
        {items.map((item) => (
          <tr key={item.id} data-testid="import-item">
            <td className="px-3 py-2">{item.line ?? "—"}</td>
            <td className="px-3 py-2 font-mono">{item.userName}</td>
            <td className="px-3 py-2">
              <StateBadge state={item.status === "SUCCEEDED" ? "DONE" : item.status} label={LABEL[item.status]} />
            </td>
            <td className="px-3 py-2 text-red-700">{item.error ?? ""}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
