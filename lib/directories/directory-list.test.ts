// The directories page's read: Directory Service joined with WorkSpaces, through the real SDK
// against the emulator, with the portal's desktop count from the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { readDirectories } from "./queries";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("readDirectories", () => {
  it("lists the seeded Simple AD with its network, NetBIOS name, registration code and live desktop count", async () => {
    await h.approve({ userName: "alice" });
    const { desktopId } = await h.approve({ userName: "bob" });
    await h.db.desktop.update({ where: { id: desktopId }, data: { state: "TERMINATED" } });

    const list = await readDirectories(h.db, h.aws, REGION);
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    const corp = list.directories.find((d) => d.id === DIRECTORY_ID);
    expect(corp).toMatchObject({
      dnsName: "corp.example.com",
      type: "SIMPLE_AD",
      sizeOrEdition: "Small",
      stage: "Active",
      vpcId: "vpc-0d3e0000000000001",
      registrationState: "REGISTERED",
      registrationCode: "SLiad+C0RP7X",
      // alice's desktop; bob's is terminated and no longer counts.
      desktopCount: 1,
    });
    expect(corp!.netbiosName).toBeTruthy();
    expect(corp!.dnsAddresses.length).toBe(2);
    expect(corp!.subnetIds.length).toBe(2);
  });

  it("answers AWS's error as a message when Directory Service fails", async () => {
    await h.configureEmulator({ faults: { operations: { DescribeDirectories: { errorRate: 1 } } } });
    try {
      const list = await readDirectories(h.db, h.aws, REGION);
      expect(list.ok).toBe(false);
      if (!list.ok) expect(list.message).toMatch(/\w+: /);
    } finally {
      await h.configureEmulator({ faults: { operations: {} } });
    }
  });
});
