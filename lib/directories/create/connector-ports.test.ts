import { describe, expect, it } from "vitest";
import { missingConnectorPorts, portLabel } from "./connector-ports";

const group = (outbound: { protocol: string; fromPort?: number; toPort?: number; cidrs?: string[] }[]) => ({
  groupId: "sg-1",
  groupName: "g",
  inbound: [],
  outbound: outbound.map((r) => ({ cidrs: ["0.0.0.0/0"], fromGroups: [], ...r })),
});

describe("AD Connector port check", () => {
  it("all traffic out allows every port", () => {
    expect(missingConnectorPorts([group([{ protocol: "-1" }])])).toEqual([]);
  });
  it("names the ports no rule lets out", () => {
    const missing = missingConnectorPorts([group([{ protocol: "tcp", fromPort: 53, toPort: 53 }, { protocol: "tcp", fromPort: 88, toPort: 464 }])]).map(portLabel);
    expect(missing).toContain("UDP 53");
    expect(missing).toContain("UDP 88");
    expect(missing).not.toContain("TCP 53");
    expect(missing).not.toContain("TCP 389");
    expect(missing).toContain("TCP 636");
  });
  it("a VPC without outbound rules misses them all", () => {
    expect(missingConnectorPorts([group([])])).toHaveLength(11);
  });
});
