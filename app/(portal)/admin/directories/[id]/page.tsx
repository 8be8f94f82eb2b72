import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { directoryTypeLabel, findDirectory } from "@/lib/directories/queries";
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
    </div>
  );
}
