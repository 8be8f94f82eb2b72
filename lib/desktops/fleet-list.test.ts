// The fleet list's order, search, last connection and CSV export, on a real database (the export
// and live routes called as the browser calls them).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import type { DesktopState } from "./desktop-state";
import { fleetFilterSchema, fleetSortLinks } from "./schema";

let testDb: PrismaClient;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db/client")>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => caller }));

const { listFleet } = await import("./queries");
const { recordLastConnections } = await import("./mutations");
const exportRoute = await import("@/app/(portal)/admin/fleet/export.csv/route");
const liveRoute = await import("@/app/(portal)/admin/fleet/live/route");

const people = {
  ann: { id: "u-ann", email: "ann@example.com", name: "Ann", role: "EMPLOYEE" as const },
  zed: { id: "u-zed", email: "zed@example.com", name: "Zed", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
  dave: { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const },
};

let close: () => Promise<void>;
beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  await testDb.directory.create({ data: { id: "d-1234567890", name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active" } });
  const bundle = (id: string, name: string) => ({ id, name, owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS" as const, rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" });
  await testDb.bundle.createMany({ data: [bundle("wsb-aaaaaaaaa", "Performance with Windows 11"), bundle("wsb-bbbbbbbbb", "Standard with Ubuntu 22.04")] });
  for (const p of Object.values(people)) await testDb.user.create({ data: p });
  const desktop = (n: number, over: object) => ({
    id: `dk-${n}`,
    workspaceId: `ws-${String(n).padStart(9, "0")}`,
    directoryId: "d-1234567890",
    userName: `fl${n}`,
    bundleId: "wsb-aaaaaaaaa",
    runningMode: "AUTO_STOP" as const,
    state: "AVAILABLE" as DesktopState,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
    ...over,
  });
  await testDb.desktop.createMany({
    data: [
      desktop(1, { userName: "carl", ownerId: people.zed.id, state: "STOPPED", runningMode: "ALWAYS_ON" }),
      desktop(2, { userName: "adam", ownerId: people.ann.id, bundleId: "wsb-bbbbbbbbb" }),
      desktop(3, { userName: "bert", state: "ERROR" }),
      desktop(4, { userName: "=cmd|' /C calc'!A0", ownerId: people.ann.id, state: "PENDING" }),
    ],
  });
  await testDb.desktopTagSet.create({ data: { desktopId: "dk-1", tags: { CostCenter: "CC-7781", Department: "Finance" }, refreshedAt: new Date() } });
  await testDb.desktopTagSet.create({ data: { desktopId: "dk-3", tags: { Department: "Research" }, refreshedAt: new Date() } });
});
afterAll(async () => close?.());

const names = async (params: Record<string, string>) => (await listFleet(fleetFilterSchema.parse(params))).rows.map((r) => r.userName);

describe("the fleet list's order", () => {
  it("is newest first by default, and sorts by each column both ways", async () => {
    expect(await names({})).toEqual(["=cmd|' /C calc'!A0", "bert", "adam", "carl"]);
    expect(await names({ sort: "user" })).toEqual(["=cmd|' /C calc'!A0", "adam", "bert", "carl"]);
    expect(await names({ sort: "user", dir: "desc" })).toEqual(["carl", "bert", "adam", "=cmd|' /C calc'!A0"]);
    expect(await names({ sort: "created", dir: "asc" })).toEqual(["carl", "adam", "bert", "=cmd|' /C calc'!A0"]);
    expect(await names({ sort: "state" })).toEqual(["adam", "bert", "=cmd|' /C calc'!A0", "carl"]);
    expect(await names({ sort: "mode", dir: "desc" })).toEqual(["carl", "adam", "bert", "=cmd|' /C calc'!A0"]);
    expect(await names({ sort: "bundle", dir: "desc" })).toEqual(["adam", "carl", "bert", "=cmd|' /C calc'!A0"]);
    // Owners by e-mail; equal values keep the id order; no owner last.
    expect((await names({ sort: "owner" })).slice(0, 3)).toEqual(["adam", "=cmd|' /C calc'!A0", "carl"]);
  });

  it("sorts by last connection, most recent first, never-connected last whichever the direction", async () => {
    const now = new Date("2026-03-01T12:00:00Z");
    await recordLastConnections(testDb, now, [
      { desktopId: "dk-2", state: "DISCONNECTED", lastConnectedAt: new Date("2026-02-27T09:00:00Z") },
      { desktopId: "dk-3", state: "CONNECTED" },
      { desktopId: "dk-4", state: "UNKNOWN" },
    ]);
    // An older report never moves a desktop's time backwards.
    await recordLastConnections(testDb, now, [{ desktopId: "dk-2", state: "DISCONNECTED", lastConnectedAt: new Date("2026-01-01T00:00:00Z") }]);
    const page = await listFleet(fleetFilterSchema.parse({ sort: "lastConnection" }));
    expect(page.rows.map((r) => [r.userName, r.lastConnectedAt])).toEqual([
      ["bert", now.toISOString()],
      ["adam", "2026-02-27T09:00:00.000Z"],
      ["carl", null],
      ["=cmd|' /C calc'!A0", null],
    ]);
    expect((await names({ sort: "lastConnection", dir: "asc" })).slice(0, 2)).toEqual(["adam", "bert"]);
  });

  it("links each column header to its order, flipping the current one", () => {
    const links = fleetSortLinks(fleetFilterSchema.parse({ q: "fin", sort: "user", page: "3" }));
    expect(links.user).toEqual({ href: "/admin/fleet?q=fin&sort=user&dir=desc", current: "ascending" });
    expect(links.created).toEqual({ href: "/admin/fleet?q=fin", current: null });
    expect(links.lastConnection.href).toBe("/admin/fleet?q=fin&sort=lastConnection");
  });
});

describe("the fleet search", () => {
  it("also finds bundle names and tag values (not tag keys)", async () => {
    expect(await names({ q: "ubuntu" })).toEqual(["adam"]);
    expect(await names({ q: "cc-778" })).toEqual(["carl"]);
    expect(await names({ q: "research" })).toEqual(["bert"]);
    expect(await names({ q: "department" })).toEqual([]);
    // Tags that change are searched as they are now.
    await testDb.desktopTagSet.update({ where: { desktopId: "dk-3" }, data: { tags: { Department: "Sales" } } });
    expect(await names({ q: "sales" })).toEqual(["bert"]);
  });
});

describe("the fleet's CSV export and live view (routes)", () => {
  const get = (route: { GET: (r: Request) => Promise<Response> }, query: string, headers: Record<string, string> = {}) =>
    route.GET(new Request(`http://localhost/admin/fleet/x?${query}`, { headers }));

  it("is refused to anyone who may not see the fleet, and records nothing", async () => {
    caller = null;
    expect((await get(exportRoute, "")).status).toBe(401);
    expect((await get(liveRoute, "")).status).toBe(401);
    caller = people.ann;
    expect((await get(exportRoute, "")).status).toBe(404);
    expect((await get(liveRoute, "")).status).toBe(404);
    expect(await testDb.auditEvent.count({ where: { action: "fleet.export" } })).toBe(0);
  });

  it("exports the current filter in the list's order, formula-safe, and audits the export", async () => {
    caller = people.carol;
    const response = await get(exportRoute, "q=example.com&sort=user&dir=desc&page=9");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="fleet-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "desktop_id,workspace_id,user_name,directory_id,owner_name,owner_email,bundle,compute_type,platform,billing_mode,state,state_changed_at,created_at,last_connected_at,origin,tags",
    );
    // Owned desktops only (the search matched owners' e-mails), every page, user names Z to A.
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["carl", "adam", "'=cmd|' /C calc'!A0"]);
    expect(lines[1]).toContain(",Zed,zed@example.com,Performance with Windows 11,STANDARD,WINDOWS,ALWAYS_ON,STOPPED,");
    expect(lines[1].endsWith(",PORTAL,CostCenter=CC-7781;Department=Finance")).toBe(true);
    const audit = await testDb.auditEvent.findFirstOrThrow({ where: { action: "fleet.export" } });
    expect(audit).toMatchObject({ actorId: people.carol.id, outcome: "SUCCESS", message: "Exported 3 of 3 desktops as CSV" });
    expect(audit.details).toMatchObject({ q: "example.com", sort: "user", dir: "desc", rows: 3 });
  });

  it("answers a watching tab with its page as JSON, and 'not modified' while nothing changed", async () => {
    caller = people.dave;
    const first = await get(liveRoute, "state=ERROR");
    expect(first.status).toBe(200);
    const body = (await first.json()) as { total: number; rows: { userName: string; state: string }[] };
    expect(body).toMatchObject({ total: 1, rows: [{ userName: "bert", state: "ERROR" }] });
    const etag = first.headers.get("etag")!;
    const again = await get(liveRoute, "state=ERROR", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await get(liveRoute, "state=NOPE!")).status).toBe(400);
  });
});

describe("the fleet's directory filter", () => {
  const get = (route: { GET: (r: Request) => Promise<Response> }, query: string) => route.GET(new Request(`http://localhost/admin/fleet/x?${query}`));

  it("lists, keeps in the URL and exports only the chosen directory's desktops", async () => {
    await testDb.directory.create({ data: { id: "d-9999999999", name: "lab.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active" } });
    await testDb.desktop.create({
      data: { id: "dk-9", workspaceId: "ws-000000009", directoryId: "d-9999999999", userName: "lena", bundleId: "wsb-aaaaaaaaa", runningMode: "AUTO_STOP", state: "AVAILABLE" },
    });
    expect(await names({ directoryId: "d-9999999999" })).toEqual(["lena"]);
    expect(await names({ directoryId: "d-1234567890", sort: "user" })).toEqual(["=cmd|' /C calc'!A0", "adam", "bert", "carl"]);
    // A search not read earlier in this file: the list is cached for 2 s per filter and order.
    expect(await names({ q: "a" })).toContain("lena");
    expect(await names({ directoryId: "d-0000000000" })).toEqual([]);
    const { fleetSearchParams } = await import("./schema");
    expect(fleetSearchParams(fleetFilterSchema.parse({ directoryId: "d-9999999999", page: "2" }), ["page"]).toString()).toBe("directoryId=d-9999999999");

    caller = people.carol;
    const response = await get(exportRoute, "directoryId=d-9999999999");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["lena"]);
    const audit = await testDb.auditEvent.findFirstOrThrow({ where: { action: "fleet.export" }, orderBy: { at: "desc" } });
    expect(audit.details).toMatchObject({ directoryId: "d-9999999999", rows: 1 });
  });
});
