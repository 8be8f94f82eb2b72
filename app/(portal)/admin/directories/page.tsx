import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { directoryTypeLabel, listDirectories } from "@/lib/directories/queries";
import { PageHeader } from "@/components/page-header";
import { buttonClass } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/data-table";
import { Alert } from "@/components/alert";
import { StateBadge } from "@/components/state-badge";
import { plural } from "@/lib/plural";

export const metadata = { title: "Directories" };
// What AWS says now: a directory being created changes stage within minutes.
export const dynamic = "force-dynamic";

export default async function DirectoriesPage() {
  const user = await requireUser();
  if (!can(user, "directory.read")) notFound();
  const list = await listDirectories();

  return (
    <div className="space-y-4">
      <PageHeader
        title="Directories"
        description="Every Directory Service directory in the region, and whether it is registered with WorkSpaces."
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href="/admin/directories/quick-setup" className={buttonClass("secondary")}>
              Quick set-up
            </Link>
            <Link href="/admin/directories/new" className={buttonClass()}>
              Create a directory
            </Link>
          </div>
        }
      />
      {!list.ok ? (
        <Alert tone="error">AWS did not answer with the directories: {list.message}</Alert>
      ) : list.directories.length === 0 ? (
        <EmptyState title="No directories in this region" />
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="directory-total">
            {plural(list.directories.length, "directory", "directories")}
          </p>
          <DataTable
            caption="Directories"
            columns={["Directory", "Type", "State", "NetBIOS name", "DNS addresses", "VPC and subnets", "WorkSpaces", "Desktops"]}
          >
            {list.directories.map((d) => (
              <tr key={d.id} data-directory-id={d.id}>
                <td className="px-3 py-2">
                  <Link href={`/admin/directories/${d.id}`} className="font-medium text-indigo-700 underline break-all">
                    {d.dnsName}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{d.id}</span>
                </td>
                <td className="px-3 py-2">
                  {directoryTypeLabel(d.type)}
                  {d.sizeOrEdition && <span className="block text-xs text-slate-500">{d.sizeOrEdition}</span>}
                </td>
                <td className="px-3 py-2">
                  <StateBadge state={d.stage.toUpperCase()} label={d.stage} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">{d.netbiosName ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{d.dnsAddresses.length ? d.dnsAddresses.join(", ") : "—"}</td>
                <td className="px-3 py-2 font-mono text-xs break-all">
                  {d.vpcId ?? "—"}
                  {d.subnetIds.length > 0 && <span className="block text-slate-500">{d.subnetIds.join(", ")}</span>}
                </td>
                <td className="px-3 py-2">
                  {d.registrationState ? (
                    <>
                      <StateBadge state={d.registrationState === "REGISTERED" ? "AVAILABLE" : d.registrationState} label={d.registrationState.toLowerCase()} />
                      {d.registrationCode && <span className="block font-mono text-xs">{d.registrationCode}</span>}
                    </>
                  ) : (
                    <span className="text-slate-600">not registered</span>
                  )}
                </td>
                <td className="px-3 py-2 tabular-nums">{d.desktopCount}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </div>
  );
}
