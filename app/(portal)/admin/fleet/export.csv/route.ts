import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/mutations";
import { listFleetForExport } from "@/lib/desktops/queries";
import { readFleetRequest } from "@/lib/desktops/fleet-request";
import { fleetRowsToCsv } from "@/lib/desktops/fleet-csv";

// The fleet list as CSV: every desktop matching the filter, in the list's order, for those who may
// see the fleet (checked here: the proxy is not a security boundary). Each export is audited: it
// takes the fleet's names and tags out of the portal.
export async function GET(request: Request) {
  const asked = await readFleetRequest(request);
  if (!asked.ok) return asked.response;
  // Every page of the list: the page parameter, if any, is ignored.
  const { user, filter } = asked;
  const { rows, total } = await listFleetForExport(filter);
  await recordAudit(db, {
    actor: { id: user.id, email: user.email },
    action: "fleet.export",
    targetType: "fleet",
    outcome: "SUCCESS",
    message: `Exported ${rows.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${total === 1 ? "desktop" : "desktops"} as CSV`,
    details: { q: filter.q, state: filter.state, runningMode: filter.runningMode, directoryId: filter.directoryId, sort: filter.sort, dir: filter.dir, rows: rows.length, total },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(fleetRowsToCsv(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="fleet-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
