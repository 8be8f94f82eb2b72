// Runs in the unit project: the database and emulator helpers refuse to start there.
import { describe, expect, it } from "vitest";
import { startTestEmulator } from "./emulator-fixture";
import { createTestDb } from "./test-db";
import { startHarness } from "./worker-harness";

describe("test helpers in the unit project", () => {
  it("refuse to open a database or start the emulator, and say where the test belongs", async () => {
    expect(process.env.PORTAL_TEST_PROJECT).toBe("unit");
    await expect(createTestDb()).rejects.toThrow(/createTestDb is not for unit tests: list this test file under "integration"/);
    await expect(startTestEmulator()).rejects.toThrow(/the AWS emulator is not for unit tests/);
    await expect(startHarness()).rejects.toThrow(/the worker harness is not for unit tests/);
  });
});
