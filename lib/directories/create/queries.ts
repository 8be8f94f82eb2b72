// Reads for the create-a-directory pages: the network to choose from (EC2, read live: VPCs and
// subnets change outside the portal) and the state of a creation (its operation row, then the
// directory's stage in Directory Service once AWS has answered).

import { db } from "@/lib/db/client";
import type { SubnetInfo, VpcInfo } from "@/lib/aws/directory-creation";
import { parsePayload } from "@/lib/operations/payloads";
import { directoryCreationAws } from "./aws";

export interface NetworkChoices {
  vpcs: (VpcInfo & { subnets: SubnetInfo[] })[];
  zones: string[];
}

export async function loadNetworkChoices(): Promise<{ ok: true; network: NetworkChoices } | { ok: false; message: string }> {
  const api = directoryCreationAws();
  const [vpcs, subnets, zones] = await Promise.all([api.describeVpcs(), api.describeSubnets(), api.describeAvailabilityZones()]);
  const failed = [vpcs, subnets, zones].find((r) => !r.ok);
  if (failed && !failed.ok) return { ok: false, message: `EC2 could not be read: ${failed.code}: ${failed.message}` };
  if (!vpcs.ok || !subnets.ok || !zones.ok) return { ok: false, message: "EC2 could not be read." };
  const available = new Set(zones.zones);
  return {
    ok: true,
    network: {
      zones: zones.zones,
      vpcs: vpcs.vpcs.map((v) => ({
        ...v,
        subnets: subnets.subnets.filter((s) => s.vpcId === v.vpcId && available.has(s.availabilityZone)).sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone)),
      })),
    },
  };
}

export interface DirectoryCreationView {
  operationId: string;
  name: string;
  typeLabel: string;
  /** The portal's side: queued, being sent, sent, or refused by AWS. */
  operationStatus: string;
  failure?: { code: string; message: string };
  directoryId?: string;
  /** Directory Service's stage (Requested, Creating, Active, Failed, ...) once AWS answered. */
  stage?: string;
  stageReason?: string;
  readError?: string;
}

export const TYPE_LABELS: Record<string, string> = { SimpleAD: "Simple AD", MicrosoftAD: "AWS Managed Microsoft AD", ADConnector: "AD Connector" };

export async function loadDirectoryCreation(operationId: string): Promise<DirectoryCreationView | null> {
  const op = await db.operation.findFirst({ where: { id: operationId, type: "CREATE_DIRECTORY" } });
  if (!op) return null;
  const payload = parsePayload("CREATE_DIRECTORY", op.payload);
  const directoryId = (op.result as { directoryId?: string } | null)?.directoryId;
  const view: DirectoryCreationView = {
    operationId: op.id,
    name: payload?.name ?? "",
    typeLabel: TYPE_LABELS[payload?.directoryType ?? ""] ?? "Directory",
    operationStatus: op.status,
    ...(op.status === "FAILED" ? { failure: { code: op.lastErrorCode ?? "Failed", message: op.lastError ?? "" } } : {}),
    ...(directoryId ? { directoryId } : {}),
  };
  if (directoryId) {
    const described = await directoryCreationAws().describeDirectories([directoryId]);
    if (!described.ok) view.readError = `${described.code}: ${described.message}`;
    else {
      const d = described.directories[0];
      view.stage = d?.stage ?? "Deleted";
      view.stageReason = d?.stageReason;
    }
  }
  return view;
}
