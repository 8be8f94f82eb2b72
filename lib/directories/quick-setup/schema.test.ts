import { describe, expect, it } from "vitest";
import { parseCidr } from "./cidr";
import { parseUserLines, quickSetupSchema } from "./schema";

const form = (extra: Record<string, string> = {}) => ({
  networkMode: "new",
  vpcCidr: "10.0.0.0/16",
  subnetACidr: "10.0.1.0/24",
  subnetAZone: "us-east-1a",
  subnetBCidr: "10.0.2.0/24",
  subnetBZone: "us-east-1b",
  name: "corp.example.com",
  size: "Small",
  password: "Str0ng-Pass",
  ...extra,
});
const errors = (input: Record<string, string>) => {
  const r = quickSetupSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("quick set-up form rules", () => {
  it("accepts a VPC with two non-overlapping subnets inside it in two zones", () => {
    expect(errors(form())).toEqual({});
  });
  it("refuses overlapping subnets, a subnet outside the VPC, one zone twice, and blocks AWS does not take", () => {
    expect(errors(form({ subnetBCidr: "10.0.1.0/25" })).subnetBCidr).toBe("10.0.1.0/25 overlaps the first subnet's 10.0.1.0/24. Choose ranges that do not overlap.");
    expect(errors(form({ subnetACidr: "192.168.1.0/24" })).subnetACidr).toBe("192.168.1.0/24 is not inside the VPC's 10.0.0.0/16.");
    expect(errors(form({ subnetBZone: "us-east-1a" })).subnetBZone).toContain("Both subnets are in us-east-1a");
    expect(errors(form({ vpcCidr: "10.0.0.0/8" })).vpcCidr).toBe("AWS takes blocks from /16 to /28; 10.0.0.0/8 is a /8.");
    expect(errors(form({ vpcCidr: "10.0.0.5/16" })).vpcCidr).toContain("not an IPv4 CIDR block");
  });
  it("the default VPC needs no ranges; the directory's name, NetBIOS name and password follow AWS's rules", () => {
    expect(errors(form({ networkMode: "default", vpcCidr: "", subnetACidr: "", subnetBCidr: "" }))).toEqual({});
    const e = errors(form({ name: "corp", shortName: "A-VERY-LONG-NETBIOS", password: "password" }));
    expect(Object.keys(e).sort()).toEqual(["name", "password", "shortName"]);
  });
  it("users: one per line, each checked, none twice", () => {
    expect(parseUserLines("ana, Ana, Silva, ana@example.com\n\nbo, Bo, Berg, bo@example.com").users.map((u) => u.userName)).toEqual(["ana", "bo"]);
    expect(parseUserLines("ana, Ana, Silva").errors).toEqual(["Line 1: write user name, given name, surname, email, separated by commas."]);
    expect(parseUserLines("ana, A, S, a@x.io\nANA, A, S, b@x.io").errors).toEqual(["Line 2: ANA is listed twice."]);
    expect(errors(form({ bundleId: "wsb-1", users: "" })).bundleId).toContain("List the users");
  });
  it("CIDR arithmetic", () => {
    expect(parseCidr("10.0.0.0/16")).toMatchObject({ first: 167772160, last: 167837695, prefix: 16 });
    expect(parseCidr("256.0.0.0/16")).toBeNull();
    expect(parseCidr("10.0.0.0/33")).toBeNull();
  });
});

describe("quick set-up users", () => {
  it("refuses the accounts a new Simple AD already has", () => {
    expect(parseUserLines("Administrator, Ad, Min, admin@example.com").errors).toEqual(["Line 1: Administrator is an account the directory already has; choose another user name."]);
    expect(parseUserLines("guest, G, Uest, guest@example.com").errors).toHaveLength(1);
  });
  it("generates initial passwords AD accepts, that never contain the user name and differ each time", async () => {
    const { generateInitialPassword } = await import("./initial-passwords");
    const { ADMIN_PASSWORD } = await import("@/lib/directories/create/schema");
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateInitialPassword("abc");
      expect(p).toMatch(ADMIN_PASSWORD);
      expect(p.toLowerCase()).not.toContain("abc");
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
