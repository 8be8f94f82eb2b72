/**
 * The region's Availability Zones. Zone names map to zone ids per account on AWS; the emulator's
 * single account uses one fixed mapping, in which us-east-1a/b/c are use1-az2/az4/az6, the three
 * zones where Amazon WorkSpaces runs in us-east-1.
 */
import type { AvailabilityZone, DescribeAvailabilityZonesRequest, DescribeAvailabilityZonesResult } from "@aws-sdk/client-ec2";
import type { EmulatorContext } from "../emulator-context";
import { applyFilters, ec2Error } from "./ec2-common";

const ZONES: Record<string, [name: string, id: string][]> = {
  "us-east-1": [
    ["us-east-1a", "use1-az2"],
    ["us-east-1b", "use1-az4"],
    ["us-east-1c", "use1-az6"],
    ["us-east-1d", "use1-az1"],
    ["us-east-1e", "use1-az3"],
    ["us-east-1f", "use1-az5"],
  ],
};

export function zonesOf(region: string): { name: string; id: string }[] {
  // The emulator has one region; another region name still gets us-east-1's zone layout.
  return (ZONES[region] ?? ZONES["us-east-1"]).map(([name, id]) => ({ name, id }));
}

/** Zone ids where Amazon WorkSpaces runs (its administration guide lists them per region). */
const WORKSPACES_ZONE_IDS = new Set(["use1-az2", "use1-az4", "use1-az6"]);

export function workspacesSupportsZone(ctx: EmulatorContext, zoneName: string): boolean {
  const zone = zoneByNameOrId(ctx, zoneName);
  return zone !== undefined && WORKSPACES_ZONE_IDS.has(zone.id);
}

export function isZone(ctx: EmulatorContext, name: string): boolean {
  return zonesOf(ctx.region).some((z) => z.name === name);
}

/** The zone name for a zone name or zone id (CreateSubnet accepts either). */
export function zoneByNameOrId(ctx: EmulatorContext, nameOrId: string): { name: string; id: string } | undefined {
  return zonesOf(ctx.region).find((z) => z.name === nameOrId || z.id === nameOrId);
}

export function describeAvailabilityZones(input: DescribeAvailabilityZonesRequest, ctx: EmulatorContext): DescribeAvailabilityZonesResult {
  type Row = AvailabilityZone & { tags?: undefined };
  let rows: Row[] = zonesOf(ctx.region).map((z) => ({
    State: "available",
    OptInStatus: "opt-in-not-required",
    Messages: [],
    RegionName: ctx.region,
    ZoneName: z.name,
    ZoneId: z.id,
    GroupName: ctx.region,
    NetworkBorderGroup: ctx.region,
    ZoneType: "availability-zone",
    GroupLongName: "US East (N. Virginia) 1",
  }));
  for (const [ids, key] of [
    [input.ZoneNames, "ZoneName"],
    [input.ZoneIds, "ZoneId"],
  ] as const) {
    if (!ids || ids.length === 0) continue;
    for (const id of ids) {
      if (!rows.some((r) => r[key] === id)) throw ec2Error("InvalidParameterValue", `The zone '${id}' does not exist.`);
    }
    rows = rows.filter((r) => ids.includes(r[key]!));
  }
  rows = applyFilters(rows, input.Filters, {
    "zone-name": (z) => z.ZoneName,
    "zone-id": (z) => z.ZoneId,
    state: (z) => z.State,
    "region-name": (z) => z.RegionName,
    "zone-type": (z) => z.ZoneType,
    "group-name": (z) => z.GroupName,
    "opt-in-status": (z) => z.OptInStatus,
  });
  return { AvailabilityZones: rows };
}
