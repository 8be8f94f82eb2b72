import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { readIpGroups, recentIpGroupChanges } from "@/lib/directories/ip-groups/queries";
import { CreateIpGroupForm, IpGroupEditor } from "@/lib/directories/ip-groups/components/ip-group-forms";
import { IP_GROUP_LIMITS } from "@/lib/directories/ip-groups/schema";
import { AutoRefresh } from "@/components/auto-refresh";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { StateBadge } from "@/components/state-badge";
import { plural } from "@/lib/plural";

export const metadata = { title: "IP access control groups" };
// What AWS says now: the worker applies changes within seconds.
export const dynamic = "force-dynamic";

const CHANGE_NAMES: Record<string, string> = {
  IP_GROUP_CREATE: "Creating",
  IP_GROUP_RULES: "Changing the rules of",
  IP_GROUP_DELETE: "Deleting",
  IP_GROUP_ASSOCIATION: "Changing the directories of",
};

export default async function IpGroupsPage() {
  const user = await requireUser();
  if (!can(user, "directory.read")) notFound();
  const manage = can(user, "directory.manage");
  const [read, changes] = await Promise.all([readIpGroups(), recentIpGroupChanges()]);
  const pending = changes.filter((c) => c.status === "QUEUED" || c.status === "RUNNING");
  const failed = changes.filter((c) => c.status === "FAILED");
  const busy = new Set(pending.map((c) => c.groupName));
  return (
    <div className="space-y-4">
      <PageHeader
        title="IP access control groups"
        description={`Which client addresses may reach a directory's desktops. AWS allows ${IP_GROUP_LIMITS.groupsPerAccount} groups, ${IP_GROUP_LIMITS.rulesPerGroup} rules a group and ${IP_GROUP_LIMITS.groupsPerDirectory} groups a directory.`}
      />
      {pending.length > 0 && <AutoRefresh />}
      {pending.map((c) => (
        <p key={`${c.type}-${c.at}`} role="status" className="text-sm">
          <StateBadge state="QUEUED" label="pending" /> {CHANGE_NAMES[c.type]} {c.groupName}: the portal&apos;s worker is applying it.
        </p>
      ))}
      {failed.map((c) => (
        <Alert key={`${c.type}-${c.at}`} tone="error">
          {CHANGE_NAMES[c.type]} {c.groupName} failed: {c.error}
        </Alert>
      ))}
      {!read.ok ? (
        <Alert tone="error">AWS did not answer with the IP access control groups: {read.message}</Alert>
      ) : (
        <>
          {read.groups.length === 0 && <p className="text-sm text-slate-700">No IP access control group yet.</p>}
          {read.groups.map((g) => (
            <section key={g.groupId} aria-labelledby={`group-${g.groupId}`} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <h2 id={`group-${g.groupId}`} className="text-lg font-semibold">
                {g.name}
              </h2>
              <p className="text-sm text-slate-700">
                <span className="font-mono">{g.groupId}</span>
                {g.description ? ` · ${g.description}` : ""} · {plural(g.rules.length, "rule")} · associated with{" "}
                {g.directoryIds.length === 0
                  ? "no directory"
                  : g.directoryIds.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ", "}
                        <Link href={`/admin/directories/${id}`} className="text-indigo-700 underline">
                          {read.directories.find((d) => d.directoryId === id)?.name ?? id}
                        </Link>
                      </span>
                    ))}
              </p>
              {manage && (
                <IpGroupEditor
                  key={JSON.stringify(g.rules)}
                  groupId={g.groupId}
                  name={g.name}
                  rules={g.rules}
                  associatedWith={g.directoryIds.map((id) => read.directories.find((d) => d.directoryId === id)?.name ?? id)}
                  disabled={busy.has(g.name)}
                />
              )}
            </section>
          ))}
        </>
      )}
      {manage && (
        <section aria-labelledby="new-group" className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="new-group" className="text-lg font-semibold">
            Create a group
          </h2>
          <CreateIpGroupForm />
        </section>
      )}
    </div>
  );
}
