import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { listPageParam, listSearchParam } from "@/lib/list-params";

// The users page's filters, one entry each: the select's label and options, and what each option
// keeps. The URL schema and the form are built from this table, so a filter is one entry.

type Filter = {
  label: string;
  options: readonly (readonly [value: string, label: string])[];
  where: (value: string, now: Date) => Prisma.UserWhereInput;
};

const DAY_MS = 86_400_000;
const since = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

export const USER_FILTERS = {
  role: {
    label: "Role",
    options: [["", "All"], ["EMPLOYEE", "Employee"], ["APPROVER", "Approver"], ["ADMIN", "Admin"]],
    where: (v) => ({ role: v as "EMPLOYEE" | "APPROVER" | "ADMIN" }),
  },
  source: {
    label: "Source",
    options: [["", "All"], ["LOCAL", "Local"], ["DIRECTORY", "Directory"], ["SSO", "Single sign-on"]],
    where: (v) => ({ source: v as "LOCAL" | "DIRECTORY" | "SSO" }),
  },
  signedIn: {
    label: "Last sign-in",
    options: [["", "Any time"], ["7d", "In the last 7 days"], ["30d", "In the last 30 days"], ["stale", "Not in 90 days"], ["never", "Never"]],
    where: (v, now) =>
      v === "never"
        ? { lastSignInAt: null }
        : v === "stale"
          ? { OR: [{ lastSignInAt: null }, { lastSignInAt: { lt: since(now, 90) } }] }
          : { lastSignInAt: { gte: since(now, v === "7d" ? 7 : 30) } },
  },
  mfa: {
    label: "Two-step verification",
    options: [["", "All"], ["on", "On"], ["off", "Off"]],
    // Set up and confirmed (an enrolment never confirmed has no enabledAt: it does not count).
    where: (v) => (v === "on" ? { mfa: { is: { enabledAt: { not: null } } } } : { NOT: { mfa: { is: { enabledAt: { not: null } } } } }),
  },
  status: {
    label: "Status",
    options: [["", "All"], ["active", "Active"], ["disabled", "Disabled"]],
    where: (v) => ({ disabled: v === "disabled" }),
  },
} satisfies Record<string, Filter>;

export type UserFilterKey = keyof typeof USER_FILTERS;
const KEYS = Object.keys(USER_FILTERS) as UserFilterKey[];

// An unknown value in the URL is ignored (no filter) rather than an error page.
const option = (key: UserFilterKey) =>
  z
    .string()
    .optional()
    .transform((v) => (v && USER_FILTERS[key].options.some(([value]) => value === v) ? v : ""));

export const userFilterSchema = z.object({
  q: listSearchParam(),
  page: listPageParam(),
  ...(Object.fromEntries(KEYS.map((key) => [key, option(key)])) as Record<UserFilterKey, ReturnType<typeof option>>),
});
export type UserFilter = z.output<typeof userFilterSchema>;

/** The filter as URL parameters (empty ones left out), for pagination. */
export function userFilterParams(filter: UserFilter): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...filter, page: "" }).filter(([, v]) => v !== "" && v !== undefined).map(([k, v]) => [k, String(v)]));
}

export function userWhere(filter: UserFilter, now = new Date()): Prisma.UserWhereInput {
  const and: Prisma.UserWhereInput[] = [];
  for (const key of KEYS) {
    const value = filter[key];
    if (value) and.push((USER_FILTERS[key].where as Filter["where"])(value, now));
  }
  if (filter.q) {
    and.push({
      OR: [
        { name: { contains: filter.q, mode: "insensitive" } },
        { email: { contains: filter.q, mode: "insensitive" } },
        { directoryUserName: { contains: filter.q, mode: "insensitive" } },
      ],
    });
  }
  return and.length ? { AND: and } : {};
}
