import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { findUserDirectory, readDirectoryUsers, recentDirectoryUserChanges } from "@/lib/directories/users/queries";
import { directoryUsersSearchSchema } from "@/lib/directories/users/schema";
import { CreateUserForm } from "@/lib/directories/users/components/create-user-form";
import { UserRowActions } from "@/lib/directories/users/components/user-row-actions";
import { AutoRefresh } from "@/components/auto-refresh";
import { Alert } from "@/components/alert";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { FilterForm, FilterInput } from "@/components/filter-form";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { plural } from "@/lib/plural";

export const metadata = { title: "Directory users" };
export const dynamic = "force-dynamic";

const ACTION_WORDS = { CREATE: "Create", RESET_PASSWORD: "Reset password of", DISABLE: "Disable", ENABLE: "Enable" } as const;

export default async function DirectoryUsersPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "directory.read")) notFound();
  const { id } = await params;
  const directory = await findUserDirectory(id);
  if (!directory) notFound();
  const { q } = directoryUsersSearchSchema.parse(await searchParams);
  const manage = can(user, "directory.manage");
  const [view, changes] = await Promise.all([readDirectoryUsers(directory, q), recentDirectoryUserChanges(directory.id)]);
  const open = changes.filter((c) => c.status === "QUEUED" || c.status === "RUNNING");
  const busy = new Set(open.map((c) => c.userName.toLowerCase()));

  return (
    <div className="space-y-4">
      <p>
        <Link href={`/admin/directories/${directory.id}`} className="text-sm text-indigo-700 underline">
          Back to {directory.name}
        </Link>
      </p>
      <PageHeader
        title={`Users of ${directory.name}`}
        description="The directory's own accounts, read over LDAP with its service account. Changes are applied by the portal's worker within seconds."
        actions={
          manage && view.ok ? (
            <Link href={`/admin/directories/${directory.id}/users/import`} className="text-sm font-medium text-indigo-700 underline">
              Create users from a CSV
            </Link>
          ) : undefined
        }
      />
      {open.length > 0 && <AutoRefresh />}
      {changes.length > 0 && (
        <section aria-labelledby="changes" className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="changes" className="text-lg font-semibold">
            Latest changes
          </h2>
          <ul className="space-y-1 text-sm" data-testid="user-changes">
            {changes.slice(0, 5).map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2">
                <StateBadge state={c.status} /> {ACTION_WORDS[c.action]} <strong>{c.userName}</strong>
                {c.error && <span className="text-red-700">: {c.error}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!view.ok ? (
        <Alert tone={view.kind === "NOT_CONFIGURED" ? "info" : "error"}>
          {view.kind === "ERROR" ? "The directory's users could not be read: " : ""}
          {view.message}
        </Alert>
      ) : (
        <>
          <FilterForm label="Search users">
            <FilterInput id="q" label="Name, display name or email" defaultValue={q ?? ""} />
          </FilterForm>
          {view.users.length === 0 ? (
            <EmptyState title={q ? `No user matches “${q}”.` : "This directory has no users yet."}>{manage && "Create one below, or many from a CSV."}</EmptyState>
          ) : (
            <>
              <p className="text-sm text-slate-600" role="status">
                {view.more ? `The first ${plural(view.users.length, "user")} by name; search to narrow the list.` : plural(view.users.length, "user")}
              </p>
              <DataTable caption={`Users of ${directory.name}`} columns={["User name", "Name", "Email", "State", ...(manage ? ["Actions"] : [])]}>
                {view.users.map((u) => (
                  <tr key={u.dn} data-testid="directory-user">
                    <td className="px-3 py-2 font-mono">{u.userName}</td>
                    <td className="px-3 py-2">{u.displayName}</td>
                    <td className="px-3 py-2 break-all">{u.email ?? "—"}</td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap gap-1">
                        {u.enabled ? <StateBadge state="AVAILABLE" label="Enabled" /> : <StateBadge state="STOPPED" label="Disabled" />}
                        {u.locked && <StateBadge state="SUSPENDED" label="Locked" />}
                      </span>
                    </td>
                    {manage && (
                      <td className="px-3 py-2">
                        <UserRowActions directoryId={directory.id} userName={u.userName} enabled={u.enabled} busy={busy.has(u.userName.toLowerCase())} />
                      </td>
                    )}
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          {manage && (
            <section aria-labelledby="create-user" className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <h2 id="create-user" className="text-lg font-semibold">
                Create a user
              </h2>
              <CreateUserForm directoryId={directory.id} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
