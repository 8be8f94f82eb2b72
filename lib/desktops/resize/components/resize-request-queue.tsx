import Link from "next/link";
import { Card } from "@/components/card";
import { Time } from "@/components/time";
import type { ResizeRequestRow } from "../queries";
import { DecideSizeControls } from "./resize-card";

/** The approvers' queue of compute and volume changes that cost more (lib/desktops/resize/rules.ts). */
export function ResizeRequestQueue({ requests }: { requests: (ResizeRequestRow & { mine: boolean })[] }) {
  return (
    <Card title="Desktop size changes waiting for a decision">
      <ul className="divide-y divide-slate-100">
        {requests.map((r) => (
          <li key={r.id} className="space-y-2 py-3 text-sm">
            <p>
              <span className="font-medium">{r.requesterName}</span> asks for the {r.what} on{" "}
              <Link href={`/desktops/${r.desktopId}`} className="text-indigo-700 underline">
                {r.userName}&apos;s desktop
              </Link>{" "}
              (<Time iso={r.createdAt} relative />).
            </p>
            <p className="text-slate-600">Reason: {r.reason}</p>
            {r.mine ? <p className="text-xs text-slate-500">Your own request: someone else decides it.</p> : <DecideSizeControls requestId={r.id} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}
