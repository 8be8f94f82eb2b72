// The cost dashboard grouped by a directory's required tag (lib/guardrails), on a real test
// database: the keys it offers, the groups (a request's tags until AWS's are read, then AWS's),
// and the CSV export ordered by that tag with its value in a column.
import { describe, expect, it } from "vitest";
import { BILLING_DIRECTORY, billingPeople, useBillingTestDb } from "@/test-support/billing-fixture";
import { billingMonthOf } from "../month";
import { costRowsToCsv } from "./csv";
import { groupCostsByTag } from "./fleet-costs";
import { computeFleetCosts, listRequiredTagKeys } from "./queries";

const fx = useBillingTestDb();
const now = new Date("2026-11-16T12:00:00Z");

describe("costs grouped by a required tag", () => {
  it("offers the directories' required tag keys and groups by one; the CSV follows", async () => {
    const db = fx.db;
    await db.directoryGuardrail.create({
      data: {
        directoryId: BILLING_DIRECTORY,
        requiredTags: [
          { key: "Project", allowedValues: [], defaultValue: "" },
          { key: "CostCenter", allowedValues: ["cc-1", "cc-2"], defaultValue: "cc-1" },
        ],
      },
    });
    expect(await listRequiredTagKeys(db)).toEqual(["CostCenter", "Project"]);

    // Apollo: its request's tags (AWS's not read yet); zeus: AWS's tags, which win over the request's; one untagged.
    const apollo = await fx.desktop({ runningMode: "ALWAYS_ON" });
    const request = await db.desktopRequest.create({
      data: { requesterId: billingPeople.alice.id, directoryId: BILLING_DIRECTORY, userName: "alice", bundleId: apollo.bundleId, runningMode: "ALWAYS_ON", justification: "Work.", tags: { Project: "apollo" }, status: "APPROVED" },
    });
    await db.desktop.update({ where: { id: apollo.id }, data: { requestId: request.id } });
    const zeus = await fx.desktop({ runningMode: "ALWAYS_ON" });
    await db.desktopTagSet.create({ data: { desktopId: zeus.id, tags: { Project: "zeus" }, refreshedAt: now } });
    const untagged = await fx.desktop({ runningMode: "ALWAYS_ON" });

    const { rows } = await computeFleetCosts(db, billingMonthOf(now), now);
    const groups = groupCostsByTag(rows, "Project");
    // Same bundle and mode, so the same cost: ordered by name.
    expect(groups.map((g) => [g.label, g.desktops])).toEqual([
      ["apollo", 1],
      ["Untagged", 1],
      ["zeus", 1],
    ]);
    expect(groups.every((g) => g.projected > 0)).toBe(true);

    // No cell of these rows holds a comma or a quote.
    const csv = costRowsToCsv("2026-11", rows, "Project").trim().split(/\r?\n/).map((line) => line.split(","));
    const header = csv[0];
    expect(header.at(-1)).toBe("tag:Project");
    const byDesktop = csv.slice(1).map((line) => [line[header.indexOf("desktop_id")], line.at(-1)]);
    expect(byDesktop).toEqual([
      [apollo.id, "apollo"],
      [zeus.id, "zeus"],
      [untagged.id, ""],
    ]);
  });
});
