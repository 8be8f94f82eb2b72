"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { EmptyState } from "@/components/empty-state";
import type { FleetPage } from "@/lib/desktops/queries";
import { FleetTable, type SortLinks } from "./fleet-table";

type Filter = { q: string; state: string; runningMode: "" | "AUTO_STOP" | "ALWAYS_ON"; directoryId: string };

export const desktopsText = (n: number) => `${n.toLocaleString()} ${n === 1 ? "desktop" : "desktops"}`;

// The fleet list, kept live: every interval (while the tab is visible) one small request for this
// list's JSON, answered "not modified" when nothing changed. A full page refresh would also make
// the router fetch the whole page and prefetch every row's link again (issue 11: 280 requests in
// 30 s from one tab).
export function LiveFleet({
  initial,
  version,
  query,
  filter,
  manage,
  sortLinks,
  intervalMs = 3000,
}: {
  initial: FleetPage;
  version: string;
  /** The list's URL parameters, as the page was asked for them. */
  query: string;
  filter: Filter;
  manage: boolean;
  sortLinks: SortLinks;
  intervalMs?: number;
}) {
  const router = useRouter();
  const [fleet, setFleet] = useState(initial);
  // The server sent a newer list (after an action, the page re-renders with it): show it. Polling
  // alone would not, since the live route answers "not modified" against the newer version.
  const [shown, setShown] = useState(version);
  if (version !== shown) {
    setShown(version);
    setFleet(initial);
  }

  useEffect(() => {
    let etag = version;
    let busy = false;
    const timer = setInterval(async () => {
      if (busy || document.visibilityState !== "visible") return;
      busy = true;
      try {
        const response = await fetch(`/admin/fleet/live?${query}`, { cache: "no-store", redirect: "manual", headers: { "if-none-match": etag } });
        if (response.status === 304) return;
        if (!response.ok) {
          // Signed out or no longer allowed: stop, and let the page itself say so.
          if (response.type === "opaqueredirect" || response.status === 401 || response.status === 404) {
            clearInterval(timer);
            router.refresh();
          }
          return;
        }
        etag = response.headers.get("etag") ?? "";
        setFleet((await response.json()) as FleetPage);
      } catch {
        // Offline for a moment: the next interval tries again.
      } finally {
        busy = false;
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [query, version, intervalMs, router]);

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600" data-testid="fleet-total">
        {desktopsText(fleet.total)}
      </p>
      {fleet.rows.length === 0 ? (
        <EmptyState title="No desktops match" />
      ) : (
        // Keyed by the filter: a new filter starts a new selection.
        <FleetTable key={JSON.stringify(filter)} rows={fleet.rows} total={fleet.total} filter={filter} manage={manage} sortLinks={sortLinks} />
      )}
    </div>
  );
}
