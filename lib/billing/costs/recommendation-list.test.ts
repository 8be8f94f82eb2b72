// The recommendations list on a real test database with more desktops than a page holds: pages,
// the "show" and search filters, and counts that cover the whole fleet whatever the filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { listRecommendations, recommendationKind } from "./queries";
import { RECOMMENDATION_PAGE_SIZE, recommendationFilterSchema } from "./schema";
import { seedBillingDemo } from "../seed";
import { createBillingCatalogue, demoDesktopsCreatedInAws } from "@/test-support/billing-seed";

let db: PrismaClient;
let close: () => Promise<void>;
const now = new Date("2027-02-16T12:00:00Z");
const IDLE = 70; // AlwaysOn desktops nobody connects to: each should switch to AutoStop.
const list = (filter: Record<string, unknown>) => listRecommendations(recommendationFilterSchema.parse(filter), now, db);

beforeAll(async () => {
  ({ db, close } = await createTestDb());
  await createBillingCatalogue(db);
  await seedBillingDemo(db, now);
  await demoDesktopsCreatedInAws(db);
  await db.desktop.createMany({
    data: Array.from({ length: IDLE }, (_, i) => ({
      id: `idle-${String(i).padStart(3, "0")}`,
      workspaceId: `ws-idle${String(i).padStart(5, "0")}`,
      directoryId: "d-9067000001",
      userName: `idle${String(i).padStart(3, "0")}`,
      bundleId: "wsb-v7ko4r7f1",
      runningMode: "ALWAYS_ON" as const,
      state: "AVAILABLE",
      createdAt: new Date("2026-12-01T00:00:00Z"),
    })),
  });
});
afterAll(() => close?.());

describe("the recommendations list", () => {
  it("sends one page at a time, ready switches first, and counts the whole fleet", async () => {
    const first = await list({});
    const total = first.counts.switch + first.counts.blocked + first.counts.keep;
    expect(first.total).toBe(total);
    expect(total).toBeGreaterThan(RECOMMENDATION_PAGE_SIZE);
    expect(first.pages).toBe(Math.ceil(total / RECOMMENDATION_PAGE_SIZE));
    expect(first.rows).toHaveLength(RECOMMENDATION_PAGE_SIZE);
    // Every idle AlwaysOn desktop is ready to switch, so the first page holds switches only.
    expect(first.counts.switch).toBeGreaterThanOrEqual(IDLE);
    expect(first.rows.every((r) => recommendationKind(r.recommendation) === "switch")).toBe(true);
    expect(first.counts.monthlySaving).toBeGreaterThan(0);

    const second = await list({ page: 2 });
    expect(second.rows).toHaveLength(total - RECOMMENDATION_PAGE_SIZE);
    const ids = new Set([...first.rows, ...second.rows].map((r) => r.id));
    expect(ids.size).toBe(total); // no desktop on both pages, none left out
    // Keeps come after every switch.
    const kinds = second.rows.map((r) => recommendationKind(r.recommendation));
    expect(kinds.indexOf("keep")).toBeGreaterThan(kinds.lastIndexOf("switch"));
    // A page past the end shows the last one.
    expect((await list({ page: 99 })).page).toBe(second.pages);
  });

  it("filters by kind and by a search on user or owner, and keeps the counts of the whole fleet", async () => {
    const all = await list({});
    const switches = await list({ show: "switch", page: 2 });
    expect(switches.total).toBe(all.counts.switch);
    expect(switches.counts).toEqual(all.counts);
    expect(switches.rows.every((r) => recommendationKind(r.recommendation) === "switch")).toBe(true);
    const savings = (await list({ show: "switch" })).rows.map((r) => r.recommendation.monthlySaving);
    expect(savings).toEqual([...savings].sort((a, b) => b - a));

    const keep = await list({ show: "keep" });
    expect(keep.total).toBe(all.counts.keep);
    expect(keep.rows.map((r) => r.id)).toEqual(expect.arrayContaining(["demo-billing-grace", "demo-billing-heidi"]));

    const erin = await list({ q: "ERIN" });
    expect(erin.rows.map((r) => r.id)).toEqual(["demo-billing-erin"]);
    expect(erin.rows[0].recommendation.action).toBe("SWITCH_TO_AUTO_STOP");
    const none = await list({ q: "nobody-by-this-name" });
    expect(none).toMatchObject({ rows: [], total: 0, page: 1, pages: 1 });
  });

  it("refuses a filter it does not know", () => {
    expect(recommendationFilterSchema.safeParse({ show: "everything" }).success).toBe(false);
    expect(recommendationFilterSchema.safeParse({ page: "0" }).success).toBe(false);
  });
});
