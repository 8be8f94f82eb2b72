import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { directoryChangeLabel, directoryTypeLabel, findDirectory, latestDirectoryChange } from "@/lib/directories/queries";
import { RegistrationControls } from "@/lib/directories/components/registration-controls";
import { CreationPropertiesForm, DeviceAccessForm, SelfServiceForm } from "@/lib/directories/components/settings-forms";
import { DEVICE_TYPES, SELF_SERVICE_PERMISSIONS } from "@/lib/directories/settings";
import { readIpGroups } from "@/lib/directories/ip-groups/queries";
import { IpGroupAssociations } from "@/lib/directories/ip-groups/components/ip-group-forms";
import { DisableRadiusButton, RadiusForm } from "@/lib/directories/radius/components/radius-form";
import { AutoRefresh } from "@/components/auto-refresh";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";
import { StateBadge } from "@/components/state-badge";
import { plural } from "@/lib/plural";

export const metadata = { title: "Directory" };
export const dynamic = "force-dynamic";

export default async function DirectoryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!can(user, "directory.read")) notFound();
  const { id } = await params;
  const found = await findDirectory(id);
  if (found && "error" in found) {
    return (
      <div className="space-y-4">
        <PageHeader title="Directory" />
        <Alert tone="error">AWS did not answer with the directories: {found.error}</Alert>
      </div>
    );
  }
  if (!found) notFound();
  const d = found;
  const change = await latestDirectoryChange(d.id);
  const ipGroups = d.settings ? await readIpGroups() : null;
  const pending = change !== null && (change.status === "QUEUED" || change.status === "RUNNING");
  const registered = d.registrationState !== null && d.registrationState !== "DEREGISTERED";
  const settling = pending || d.registrationState === "REGISTERING" || d.registrationState === "DEREGISTERING";
  const facts: [string, React.ReactNode][] = [
    ["Directory id", <span className="font-mono">{d.id}</span>],
    ["Type", `${directoryTypeLabel(d.type)}${d.sizeOrEdition ? `, ${d.sizeOrEdition}` : ""}`],
    ["State", <StateBadge state={d.stage.toUpperCase()} label={d.stage} />],
    ["NetBIOS name", d.netbiosName ?? "—"],
    ["DNS addresses", d.dnsAddresses.join(", ") || "—"],
    ["VPC", d.vpcId ?? "—"],
    ["Subnets", d.subnetIds.join(", ") || "—"],
    ["WorkSpaces registration", d.registrationState ? d.registrationState.toLowerCase() : "not registered"],
    ["Registration code", d.registrationCode ?? "—"],
    ["Desktops", plural(d.desktopCount, "desktop")],
  ];
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/directories" className="text-sm text-indigo-700 underline">
          All directories
        </Link>
      </p>
      <PageHeader
        title={d.dnsName}
        actions={
          <Link href={`/admin/directories/${d.id}/users`} className="text-sm font-medium text-indigo-700 underline">
            Directory users
          </Link>
        }
      />
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-[max-content_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      {settling && <AutoRefresh />}
      <p className="text-sm">
        <Link href={`/admin/directories/${d.id}/guardrails`} className="text-indigo-700 underline">
          Guardrails: encryption, required tags and limits for new desktops
        </Link>
      </p>
      <section aria-labelledby="registration" className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="registration" className="text-lg font-semibold">
          Registration with WorkSpaces
        </h2>
        {pending ? (
          <p role="status" data-testid="registration-pending">
            <StateBadge state="QUEUED" label="pending" /> {directoryChangeLabel(change.type).pending}: the portal's worker is applying it.
          </p>
        ) : (
          change?.status === "FAILED" && (
            <Alert tone="error">
              The last {directoryChangeLabel(change.type).noun} failed: {change.error}
            </Alert>
          )
        )}
        {registered && d.desktopCount > 0 && (
          <p className="text-sm text-slate-700" data-testid="desktops-block-deregistration">
            AWS deregisters a directory only when no desktop is left in it: {plural(d.desktopCount, "desktop")}{" "}
            {d.desktopCount === 1 ? "is" : "are"} still here. Terminate them from the fleet first, or{" "}
            <Link href={`/admin/directories/${d.id}/clean-up`} className="font-medium text-indigo-700 underline">
              clean up the whole directory
            </Link>
            .
          </p>
        )}
        {d.stage !== "Active" && !registered ? (
          <p className="text-sm text-slate-700">WorkSpaces registers only Active directories; this one is {d.stage}.</p>
        ) : (
          <RegistrationControls directoryId={d.id} registered={registered} disabled={pending || (registered && d.desktopCount > 0)} />
        )}
      </section>
      {registered && d.settings && (
        <>
          <SettingsSection id="device-access" title="Device access">
            <p data-testid="web-access">Web access (as WorkSpaces reports it): {d.settings.access.DeviceTypeWeb === "ALLOW" ? "allowed" : "denied"}</p>
            <p data-testid="allowed-devices" className="text-sm text-slate-700">
              Allowed: {DEVICE_TYPES.filter(([name]) => d.settings!.access[name] === "ALLOW").map(([, label]) => label).join(", ") || "no device"}
            </p>
            <DeviceAccessForm key={JSON.stringify(d.settings.access)} directoryId={d.id} access={d.settings.access} disabled={pending} />
          </SettingsSection>
          <SettingsSection id="self-service" title="Self-service permissions">
            <p data-testid="self-service" className="text-sm text-slate-700">
              Enabled (as WorkSpaces reports it):{" "}
              {SELF_SERVICE_PERMISSIONS.filter(([name]) => d.settings!.selfService[name] === "ENABLED").map(([, label]) => label.toLowerCase()).join(", ") || "none"}
            </p>
            <SelfServiceForm key={JSON.stringify(d.settings.selfService)} directoryId={d.id} permissions={d.settings.selfService} disabled={pending} />
          </SettingsSection>
          <SettingsSection id="creation-properties" title="Creation properties">
            <dl data-testid="creation-properties" className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
              {(
                [
                  ["Default OU", d.settings.creation.defaultOu ?? "the directory's default"],
                  ["Custom security group", d.settings.creation.customSecurityGroupId ?? "none"],
                  ["Internet access", d.settings.creation.enableInternetAccess ? "on" : "off"],
                  ["Maintenance mode", d.settings.creation.enableMaintenanceMode ? "on" : "off"],
                  ["Users local administrators", d.settings.creation.userEnabledAsLocalAdministrator ? "yes" : "no"],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="font-medium text-slate-600">{label}</dt>
                  <dd className="break-all">{value}</dd>
                </div>
              ))}
            </dl>
            <CreationPropertiesForm key={JSON.stringify(d.settings.creation)} directoryId={d.id} properties={d.settings.creation} domain={d.dnsName} disabled={pending} />
          </SettingsSection>
          <SettingsSection id="ip-groups" title="IP access control groups">
            {ipGroups && !ipGroups.ok ? (
              <Alert tone="error">AWS did not answer with the IP access control groups: {ipGroups.message}</Alert>
            ) : (
              <IpGroupAssociations
                directoryId={d.id}
                associated={d.settings.ipGroupIds.map((id) => {
                  const g = ipGroups?.ok ? ipGroups.groups.find((x) => x.groupId === id) : undefined;
                  return { groupId: id, name: g?.name ?? id, rules: g?.rules.map((r) => r.ipRule) ?? [] };
                })}
                available={ipGroups?.ok ? ipGroups.groups.filter((g) => !d.settings!.ipGroupIds.includes(g.groupId)).map((g) => ({ groupId: g.groupId, name: g.name })) : []}
                disabled={pending}
              />
            )}
            <p className="text-sm">
              <Link href="/admin/ip-groups" className="text-indigo-700 underline">
                Create or edit IP access control groups
              </Link>
            </p>
          </SettingsSection>
        </>
      )}
      {can(user, "directory.manage") && (
        <p>
          <Link href={`/admin/directories/${d.id}/clean-up`} className="text-sm font-medium text-red-700 underline">
            Clean up this directory (desktops, registration, directory and the portal's network)
          </Link>
        </p>
      )}
      <SettingsSection id="radius" title="MFA for desktop sign-in (RADIUS)">
        {d.type === "SIMPLE_AD" ? (
          <p className="text-sm text-slate-700" data-testid="radius-status">
            Simple AD has no RADIUS multi-factor authentication: AWS offers it on AD Connector and AWS Managed Microsoft AD only.
          </p>
        ) : (
          <>
            <p data-testid="radius-status" className="text-sm">
              Status (as Directory Service reports it):{" "}
              {d.radiusStatus ? <StateBadge state={d.radiusStatus === "Completed" ? "AVAILABLE" : d.radiusStatus === "Failed" ? "ERROR" : "PENDING"} label={RADIUS_STATUS[d.radiusStatus] ?? d.radiusStatus} /> : "off"}
            </p>
            {d.radius && (
              <p className="text-sm text-slate-700">
                {d.radius.servers.join(", ")}, port {d.radius.port}, {d.radius.protocol}, timeout {d.radius.timeoutSeconds} s, {plural(d.radius.retries ?? 0, "retry", "retries")}
                {d.radius.displayLabel ? `, shown as “${d.radius.displayLabel}”` : ""}.
              </p>
            )}
            {d.radiusStatus === "Creating" && <AutoRefresh />}
            {d.stage !== "Active" ? (
              <p className="text-sm text-slate-700">RADIUS can be set on an Active directory only; this one is {d.stage}.</p>
            ) : (
              <>
                <RadiusForm key={JSON.stringify(d.radius)} directoryId={d.id} current={d.radius} disabled={pending} />
                {d.radiusStatus && <DisableRadiusButton directoryId={d.id} disabled={pending} />}
              </>
            )}
          </>
        )}
      </SettingsSection>
    </div>
  );
}

const RADIUS_STATUS: Record<string, string> = { Creating: "being set up", Completed: "on", Failed: "failed (a RADIUS server cannot be reached)" };

function SettingsSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
