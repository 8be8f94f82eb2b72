import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { StateBadge } from "@/components/state-badge";
import { ITEM_STATUS_LABEL } from "../item-status";
import type { BulkItemView } from "../queries";

// A job's items: what each is, where it got to, and AWS's error code and message when it failed
// (admins see them: they say what to fix).
export function JobItemsTable({ kind, items, caption }: { kind: "PROVISION" | "ACTION"; items: BulkItemView[]; caption: string }) {
  const provisioning = kind === "PROVISION";
  const columns = provisioning ? ["Line", "User", "Status", "Desktop", "Details"] : ["User", "Status", "Desktop", "Details"];
  return (
    <DataTable caption={caption} columns={columns}>
      {items.map((i) => (
        <tr key={i.id} data-item-id={i.id} data-line={i.line ?? undefined} data-user={i.userName ?? undefined} data-status={i.status}>
          {provisioning && <td className="px-3 py-2 font-mono text-xs text-slate-600">{i.line}</td>}
          <td className="px-3 py-2">
            <span className="block font-medium">{i.userName ?? "—"}</span>
            {provisioning && <span className="block text-xs text-slate-500">{i.runningMode === "ALWAYS_ON" ? "AlwaysOn" : `AutoStop ${i.autoStopTimeoutHours ?? ""} h`}</span>}
          </td>
          <td className="px-3 py-2">
            <StateBadge state={i.status} label={ITEM_STATUS_LABEL[i.status]} />
          </td>
          <td className="px-3 py-2 text-xs">
            {i.desktopId && i.workspaceId ? (
              <Link href={`/desktops/${i.desktopId}`} className="font-mono text-indigo-700 underline">
                {i.workspaceId}
              </Link>
            ) : (
              <span className="font-mono">—</span>
            )}
            {i.desktopState && <span className="block text-slate-500">{i.desktopState.toLowerCase().replaceAll("_", " ")}</span>}
          </td>
          <td className="max-w-md px-3 py-2 text-xs">
            {i.errorCode && (i.status === "FAILED" || i.status === "SKIPPED" || i.status === "CANCELLED") ? (
              <span className={i.status === "FAILED" ? "text-red-800" : "text-slate-700"}>
                {i.status === "FAILED" && <span className="font-mono font-semibold" data-testid="error-code">{i.errorCode}</span>}
                {i.status === "FAILED" && ": "}
                <span className="break-words">{i.errorMessage}</span>
              </span>
            ) : i.status === "CHANGED_SINCE" ? (
              <span className="text-amber-900">{i.errorMessage}</span>
            ) : i.errorCode && i.status === "QUEUED" ? (
              <span className="text-slate-600">Waiting to retry after {i.errorCode}</span>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
