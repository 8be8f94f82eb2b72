import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getUserDetail, getUserSignIns, loadUserForPolicy } from "@/lib/users/queries";
import { ROLE_LABEL, SOURCE_LABEL } from "@/lib/users/labels";
import { DisableControl, EndSessionsControl, MfaResetControl, PasswordResetControl, RoleControl, RoleOverrideControl } from "@/lib/users/components/account-controls";
import { plural } from "@/lib/plural";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { StateBadge } from "@/components/state-badge";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { Time } from "@/components/time";
import { getOpenLeaver } from "@/lib/lifecycle/queries";
import { MarkLeavingForm } from "@/lib/lifecycle/components/leaver-controls";

export const metadata = { title: "User" };

const SIGN_IN_METHOD: Record<string, string> = { PASSWORD: "Portal password", DIRECTORY: "Directory", SSO: "Single sign-on", SETUP: "Setup link" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireUser(`/admin/users/${id}`);
  const target = await loadUserForPolicy(id);
  if (!target || !can(viewer, "user.read", target)) notFound();
  const [user, signIns, leaver] = await Promise.all([getUserDetail(id), getUserSignIns(id), getOpenLeaver(id)]);
  if (!user) notFound();
  const self = user.id === viewer.id;
  const who = { id: user.id, name: user.name };

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/users" className="text-indigo-700 underline">
          ← Users
        </Link>
      </p>
      <PageHeader title={user.name} description={user.email} />
      <Card title="Account">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Status</dt>
            <dd data-testid="account-status">{user.disabled ? <StateBadge state="SUSPENDED" label="Disabled" /> : <StateBadge state="AVAILABLE" label="Active" />}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Role</dt>
            <dd data-testid="account-role">{ROLE_LABEL[user.role]}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Source</dt>
            <dd>{SOURCE_LABEL[user.source]}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Directory user</dt>
            <dd>{user.directoryUserName ? `${user.directoryUserName}${user.directoryId ? ` (${user.directoryId})` : ""}` : "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Last sign-in</dt>
            <dd>{user.lastSignInAt ? <Time iso={user.lastSignInAt} /> : "Never"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Created</dt>
            <dd>
              <Time iso={user.createdAt} />
            </dd>
          </div>
          {user.source !== "LOCAL" && (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Groups at the last sign-in</dt>
              <dd className="break-words">{user.groups.length ? user.groups.join(", ") : "none"}</dd>
            </div>
          )}
        </dl>
      </Card>
      <Card title="Role">
        {user.source === "LOCAL" ? (
          <RoleControl user={who} role={user.role} self={self} />
        ) : (
          <RoleOverrideControl user={who} override={user.roleOverride} groupRole={user.groupRole ?? "EMPLOYEE"} self={self} />
        )}
      </Card>
      <Card title="Access">
        <DisableControl user={who} disabled={user.disabled} self={self} />
      </Card>
      {!self && (
        <Card title="Leaving">
          <div className="space-y-3 text-sm">
            <p data-testid="leaver-state">
              {leaver
                ? leaver.stopped
                  ? `Leaver (${leaver.reason}): desktops stopped, terminated after the grace period unless access is restored on the Lifecycle page.`
                  : `Leaver (${leaver.reason}): desktops stop on ${leaver.leaveOn}.`
                : "Their desktops are stopped on the leave date and terminated after the grace period. Their manager and the admins are told."}
            </p>
            {!leaver?.stopped && <MarkLeavingForm userId={user.id} leaveOn={leaver?.leaveOn ?? null} />}
          </div>
        </Card>
      )}
      <Card title="Two-step verification">
        <div className="space-y-3 text-sm">
          <p data-testid="mfa-state">
            {user.source === "SSO" ? (
              "Single sign-on: the identity provider asks for the second factor."
            ) : signIns.mfaEnabledAt ? (
              <>
                On since <Time iso={signIns.mfaEnabledAt} />.
              </>
            ) : (
              "Off."
            )}
          </p>
          <MfaResetControl user={who} enabled={signIns.mfaEnabledAt !== null} self={self} />
        </div>
      </Card>
      <Card title="Sessions">
        <div className="space-y-3 text-sm">
          <p data-testid="session-count">{signIns.sessions.length === 0 ? "No open session." : `${plural(signIns.sessions.length, "open session")}.`}</p>
          {signIns.sessions.length > 0 && (
            <DataTable caption="Open sessions" columns={["Signed in", "Last seen", "How", "From"]}>
              {signIns.sessions.map((s) => (
                <tr key={s.id}>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Time iso={s.createdAt} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Time iso={s.lastSeenAt} />
                  </td>
                  <td className="px-3 py-2">
                    {SIGN_IN_METHOD[s.method] ?? s.method}
                    {s.secondFactorPending && " (code not entered yet)"}
                  </td>
                  <td className="px-3 py-2 break-words">
                    {s.ipAddress ?? "unknown address"}
                    {s.userAgent && <span className="block text-xs text-slate-500">{s.userAgent}</span>}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <EndSessionsControl user={who} count={signIns.sessions.length} self={self} />
        </div>
      </Card>
      {user.source === "LOCAL" && (
        <Card title="Password">
          <PasswordResetControl user={who} self={self} />
        </Card>
      )}
      <section aria-labelledby="desktops-heading" className="space-y-3">
        <h2 id="desktops-heading" className="text-base font-semibold">
          Desktops
        </h2>
        {user.desktops.length === 0 ? (
          <EmptyState title="No desktops" />
        ) : (
          <DataTable caption="Desktops" columns={["Desktop", "Directory user", "State", "Billing"]}>
            {user.desktops.map((d) => (
              <tr key={d.id}>
                <td className="px-3 py-2">
                  <Link href={`/desktops/${d.id}`} className="text-indigo-700 underline">
                    {d.bundleName}
                  </Link>
                  {d.workspaceId && <span className="block font-mono text-xs text-slate-500">{d.workspaceId}</span>}
                </td>
                <td className="px-3 py-2">
                  {d.userName} ({d.directoryName})
                </td>
                <td className="px-3 py-2">
                  <StateBadge state={d.state} />
                </td>
                <td className="px-3 py-2">{d.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="requests-heading" className="space-y-3">
        <h2 id="requests-heading" className="text-base font-semibold">
          Requests
        </h2>
        {user.requests.length === 0 ? (
          <EmptyState title="No requests" />
        ) : (
          <DataTable caption="Requests" columns={["Requested", "Desktop", "Status"]}>
            {user.requests.map((r) => (
              <tr key={r.id}>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`/requests/${r.id}`} className="text-indigo-700 underline">
                    <Time iso={r.createdAt} />
                  </Link>
                </td>
                <td className="px-3 py-2">
                  {r.bundleName} · {r.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}
                </td>
                <td className="px-3 py-2">
                  <StateBadge state={r.status} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}
