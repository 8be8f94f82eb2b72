import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import type { RequestStatus } from "@/lib/db/generated/enums";
import { canMoveRequest, IllegalRequestMove, moveRequests, REQUEST_TRANSITIONS, requestStatusesBefore } from "./request-status";

const ALL = Object.keys(REQUEST_TRANSITIONS) as RequestStatus[];

describe("request transition table", () => {
  it.each([
    ["SUBMITTED", "APPROVED"],
    ["SUBMITTED", "REJECTED"],
    ["SUBMITTED", "CANCELLED"],
    ["APPROVED", "PROVISIONING"],
    ["APPROVED", "READY"],
    ["APPROVED", "FAILED"],
    ["APPROVED", "CANCELLED"],
    ["PROVISIONING", "READY"],
    ["PROVISIONING", "FAILED"],
    ["FAILED", "APPROVED"], // an admin retries the failed create
  ] as [RequestStatus, RequestStatus][])("allows %s → %s", (from, to) => {
    expect(canMoveRequest(from, to)).toBe(true);
  });

  it.each([
    ["SUBMITTED", "PROVISIONING"],
    ["SUBMITTED", "READY"],
    ["APPROVED", "SUBMITTED"],
    ["APPROVED", "REJECTED"],
    ["PROVISIONING", "CANCELLED"],
    ["PROVISIONING", "APPROVED"],
    ["READY", "FAILED"],
    ["FAILED", "PROVISIONING"],
    ["FAILED", "READY"],
    ["REJECTED", "APPROVED"],
    ["CANCELLED", "SUBMITTED"],
  ] as [RequestStatus, RequestStatus][])("refuses %s → %s", (from, to) => {
    expect(canMoveRequest(from, to)).toBe(false);
  });

  it("final statuses go nowhere, and nothing stays where it is", () => {
    for (const s of ["READY", "REJECTED", "CANCELLED"] as RequestStatus[]) expect(REQUEST_TRANSITIONS[s]).toEqual([]);
    // A failed request only goes back to approved (its create queued again).
    expect(REQUEST_TRANSITIONS.FAILED).toEqual(["APPROVED"]);
    for (const s of ALL) expect(canMoveRequest(s, s)).toBe(false);
  });

  it("lists the statuses a move may start from", () => {
    expect(requestStatusesBefore("CANCELLED").sort()).toEqual(["APPROVED", "SUBMITTED"]);
    expect(requestStatusesBefore("READY").sort()).toEqual(["APPROVED", "PROVISIONING"]);
    expect(requestStatusesBefore("SUBMITTED")).toEqual([]);
    expect(requestStatusesBefore("APPROVED").sort()).toEqual(["FAILED", "SUBMITTED"]);
  });
});

/** Records what moveRequests asks of the database; every request "moves". */
function fakeTx() {
  const calls: { where?: unknown; data?: unknown; sql?: string; values?: unknown[] }[] = [];
  const tx = {
    desktopRequest: {
      updateManyAndReturn: async (args: { where: { id: { in: string[] } }; data: unknown }) => {
        calls.push({ where: args.where, data: args.data });
        return args.where.id.in.map((id) => ({ id }));
      },
    },
    $executeRaw: async (sql: TemplateStringsArray, ...values: unknown[]) => {
      const query = Prisma.sql(sql, ...values);
      calls.push({ sql: query.sql, values: query.values });
      return 1;
    },
  } as unknown as Prisma.TransactionClient;
  return { tx, calls };
}

describe("moveRequests", () => {
  const at = new Date("2026-01-05T10:00:00Z");

  it("updates only requests in a status the table allows the move from, and writes their events", async () => {
    const { tx, calls } = fakeTx();
    const moved = await moveRequests(tx, { requestIds: ["r1", "r2"], to: "READY", at, message: "Your desktop is ready." });
    expect(moved).toEqual(["r1", "r2"]);
    expect(calls[0].where).toEqual({ id: { in: ["r1", "r2"] }, status: { in: ["APPROVED", "PROVISIONING"] } });
    expect(calls[0].data).toEqual({ status: "READY" });
    // One event per moved request, with its new status.
    expect(calls[1].sql).toContain('INSERT INTO "RequestEvent"');
    expect(calls[1].values).toContainEqual(["r1", "r2"]);
    expect(calls[1].values).toContainEqual(["READY", "READY"]);
  });

  it("refuses a move the table forbids before writing anything", async () => {
    const { tx, calls } = fakeTx();
    await expect(moveRequests(tx, { requestIds: ["r1"], to: "APPROVED", from: ["REJECTED"], at, message: "x" })).rejects.toBeInstanceOf(IllegalRequestMove);
    await expect(moveRequests(tx, { requestIds: ["r1"], to: "CANCELLED", from: ["PROVISIONING"], at, message: "x" })).rejects.toThrow(
      "A request cannot move from PROVISIONING to CANCELLED.",
    );
    expect(calls).toEqual([]);
  });
});
