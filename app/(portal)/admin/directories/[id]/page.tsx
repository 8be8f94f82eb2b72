import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { directoryTypeLabel, findDirectory, latestDirectoryChange } from "@/lib/directories/queries";
import { RegistrationControls, WebAccessControls } from "@/lib/directories/components/registration-controls";
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
      <PageHeader title={d.dnsName} />
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
            <StateBadge state="QUEUED" label="pending" />{" "}
            {change.type === "REGISTER_DIRECTORY" ? "Registering" : change.type === "DEREGISTER_DIRECTORY" ? "Deregistering" : "Changing device access"}: the
            portal's worker is applying it.
          </p>
        ) : (
          change?.status === "FAILED" && (
            <Alert tone="error">
              The last {change.type === "REGISTER_DIRECTORY" ? "registration" : change.type === "DEREGISTER_DIRECTORY" ? "deregistration" : "change of device access"} failed:{" "}
              {change.error}
            </Alert>
          )
        )}
        {registered && d.desktopCount > 0 && (
          <p className="text-sm text-slate-700" data-testid="desktops-block-deregistration">
            AWS deregisters a directory only when no desktop is left in it: {plural(d.desktopCount, "desktop")} still{" "}
            {d.desktopCount === 1 ? "is" : "are"} here. Terminate them from the fleet first (a clean-up for a whole directory is coming).
          </p>
        )}
        {d.stage !== "Active" && !registered ? (
          <p className="text-sm text-slate-700">WorkSpaces registers only Active directories; this one is {d.stage}.</p>
        ) : (
          <RegistrationControls directoryId={d.id} registered={registered} disabled={pending || (registered && d.desktopCount > 0)} />
        )}
      </section>
      {registered && (
        <section aria-labelledby="device-access" className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="device-access" className="text-lg font-semibold">
            Device access
          </h2>
          <p data-testid="web-access">Web access (as WorkSpaces reports it): {d.webAccess ? "allowed" : "denied"}</p>
          <WebAccessControls directoryId={d.id} webAccess={d.webAccess} disabled={pending} />
        </section>
      )}
    </div>
  );
}
