// The catalogue refresh caches what directory sign-in needs: each directory's NetBIOS name (for
// DOMAIN\user) and its domain controllers' DNS addresses (the LDAPS endpoint), from DescribeDirectories.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { memoryCallLog } from "@/lib/aws/call-log";
import { createAwsGateway } from "@/lib/aws/gateway";
import { unlimitedRateLimiter } from "@/lib/aws/rate-limiter";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { createTestDb } from "@/test-support/test-db";
import { tempDir } from "@/test-support/emulator-fixture";
import { refreshCatalog } from "./mutations";

let db: PrismaClient;
let close: () => Promise<void>;
let emulator: RunningEmulator;

beforeAll(async () => {
  ({ db, close } = await createTestDb());
  emulator = await startEmulator({ port: 0, timeScale: "test", sessions: false, seed: true, dataDir: tempDir() });
});
afterAll(async () => {
  await emulator?.close();
  await close?.();
});

describe("refreshCatalog", () => {
  it("stores the directory's NetBIOS name and DNS addresses", async () => {
    const aws = createAwsGateway({ callLog: memoryCallLog(), limiter: unlimitedRateLimiter, clientOptions: { endpoint: emulator.url, emulator: true, maxAttempts: 1 } });
    expect(await refreshCatalog(db, aws, "us-east-1")).toMatchObject({ ok: true });
    const directory = await db.directory.findUniqueOrThrow({ where: { id: "d-9067000001" } });
    expect(directory.shortName).toBe("CORP");
    expect(directory.dnsIpAddresses).toHaveLength(2);
    for (const address of directory.dnsIpAddresses) expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
