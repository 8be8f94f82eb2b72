import { z } from "zod";
import { listSearchParam, listPageParam } from "@/lib/list-params";
import { DESKTOP_ACTIONS, FAILED_CREATE_ACTIONS } from "./rules";
import { recordId } from "@/lib/record-id";

export const desktopActionSchema = z.object({
  desktopId: recordId(),
  action: z.enum(DESKTOP_ACTIONS, { message: "Choose an action from the list." }),
  // Terminating asks the admin to type the desktop's user name.
  confirmUserName: z.string({ message: "Type the user name as text." }).max(256, "That user name is too long.").optional(),
});
export type DesktopActionInput = z.input<typeof desktopActionSchema>;

// Retry or remove a desktop whose create failed.
export const failedCreateActionSchema = z.object({
  desktopId: recordId(),
  action: z.enum(FAILED_CREATE_ACTIONS, { message: "Choose retry or remove." }),
});

export const FLEET_PAGE_SIZE = 50;

/** The fleet's sortable columns, as they appear in the URL (?sort=owner&dir=asc). */
export const FLEET_SORTS = ["user", "owner", "bundle", "state", "mode", "created", "lastConnection"] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];
/** Dates sort newest first unless asked otherwise; words A to Z. */
export const defaultSortDir = (sort: FleetSort): "asc" | "desc" => (sort === "created" || sort === "lastConnection" ? "desc" : "asc");

export const fleetFilterSchema = z.object({
  q: listSearchParam(),
  state: z.string().regex(/^[A-Z_]*$/).max(32).optional().default(""),
  runningMode: z.enum(["", "AUTO_STOP", "ALWAYS_ON"]).optional().default(""),
  /** Empty: every directory. */
  directoryId: z.string().trim().max(64).optional().default(""),
  sort: z.enum(FLEET_SORTS).optional().default("created"),
  // Empty: the column's own direction (defaultSortDir).
  dir: z.enum(["", "asc", "desc"]).optional().default(""),
  page: listPageParam(),
});
export type FleetFilter = z.output<typeof fleetFilterSchema>;

/** The URL parameters that select a fleet list (defaults left out), for links and the live view. */
export function fleetSearchParams(filter: FleetFilter, without: (keyof FleetFilter)[] = []): URLSearchParams {
  const defaults = fleetFilterSchema.parse({});
  const params = new URLSearchParams();
  for (const key of ["q", "state", "runningMode", "directoryId", "sort", "dir", "page"] as const) {
    if (!without.includes(key) && filter[key] !== defaults[key]) params.set(key, String(filter[key]));
  }
  return params;
}

/** Each sortable column's header link: sort by it (its own direction first), or flip it when it is the order now. */
export function fleetSortLinks(filter: FleetFilter): Record<FleetSort, { href: string; current: "ascending" | "descending" | null }> {
  const dir = filter.dir || defaultSortDir(filter.sort);
  return Object.fromEntries(
    FLEET_SORTS.map((sort) => {
      const active = sort === filter.sort;
      const next = active ? (dir === "asc" ? "desc" : "asc") : defaultSortDir(sort);
      const params = fleetSearchParams({ ...filter, sort, dir: next === defaultSortDir(sort) ? "" : next, page: 1 });
      return [sort, { href: `/admin/fleet${params.size ? `?${params}` : ""}`, current: active ? (dir === "asc" ? "ascending" : "descending") : null }];
    }),
  ) as Record<FleetSort, { href: string; current: "ascending" | "descending" | null }>;
}
