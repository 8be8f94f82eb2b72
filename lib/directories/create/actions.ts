"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { plural } from "@/lib/plural";
import { directoryCreationAws } from "./aws";
import { missingConnectorPorts, portLabel } from "./connector-ports";
import { queueDirectoryCreation } from "./mutations";
import { createDirectorySchema, splitAddresses } from "./schema";
import { sealSecret } from "./secret-box";

/**
 * Queues a directory's creation. The form's rules (name, NetBIOS name, password, DNS addresses) are
 * checked by the schema before any AWS call; then EC2 is read (never changed) to check the subnets'
 * zones, the name, and for an AD Connector the VPC's outbound rules. The password is sealed into the
 * operation (see secret-box.ts) and never comes back in any answer.
 */
export const createDirectory = defineAction(createDirectorySchema, { allow: "directory.create" }, async (input, { user }) => {
  const api = directoryCreationAws();
  const subnetIds = [input.subnetA, input.subnetB];

  const subnets = await api.describeSubnets({ vpcId: input.vpcId });
  if (!subnets.ok) return fail("CONFLICT", `EC2 could not be read: ${subnets.code}: ${subnets.message}`);
  const chosen = subnetIds.map((id) => subnets.subnets.find((s) => s.subnetId === id));
  if (!chosen[0]) return fail("INVALID_INPUT", "Please correct the highlighted fields.", { subnetA: `Subnet ${input.subnetA} is not in ${input.vpcId}.` });
  if (!chosen[1]) return fail("INVALID_INPUT", "Please correct the highlighted fields.", { subnetB: `Subnet ${input.subnetB} is not in ${input.vpcId}.` });
  if (chosen[0].availabilityZone === chosen[1].availabilityZone) {
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", {
      subnetB: `Both subnets are in ${chosen[0].availabilityZone}. Directory Service needs two subnets in different Availability Zones.`,
    });
  }

  // A name used once only: a lost answer is checked by finding the directory by its name.
  const existing = await api.describeDirectories();
  if (!existing.ok) return fail("CONFLICT", `Directory Service could not be read: ${existing.code}: ${existing.message}`);
  const sameName = (n: string) => n.toLowerCase() === input.name.toLowerCase();
  const queued = await db.operation.findMany({ where: { type: "CREATE_DIRECTORY", status: { in: ["QUEUED", "RUNNING"] } }, select: { payload: true } });
  if (existing.directories.some((d) => sameName(d.name) && d.stage !== "Deleted") || queued.some((o) => sameName(String((o.payload as { name?: unknown }).name ?? "")))) {
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", { name: `A directory named ${input.name} already exists or is being created.` });
  }

  if (input.directoryType === "ADConnector" && input.portsAcknowledged !== "on") {
    const groups = await api.describeSecurityGroups(input.vpcId);
    if (!groups.ok) return fail("CONFLICT", `EC2 could not be read: ${groups.code}: ${groups.message}`);
    const missing = missingConnectorPorts(groups.groups);
    if (missing.length > 0) {
      const message = `No security group in ${input.vpcId} lets out ${plural(missing.length, "required port")}: ${missing.map(portLabel).join(", ")}. Open them (and the path to your DNS servers), or confirm that the network allows them.`;
      return fail("CONFLICT", message, { portsAcknowledged: message });
    }
  }

  const op = await queueDirectoryCreation(db, {
    actor: user,
    region: getConfig().awsRegion,
    payload: {
      directoryType: input.directoryType,
      name: input.name,
      shortName: input.shortName,
      ...(input.directoryType === "MicrosoftAD" ? { edition: input.edition } : { size: input.size }),
      vpcId: input.vpcId,
      subnetIds,
      ...(input.directoryType === "ADConnector" ? { dnsIps: splitAddresses(input.dnsIps), customerUserName: input.customerUserName } : {}),
      secret: sealSecret(input.password, getConfig().authSecret),
    },
  });
  revalidatePath("/admin/directories");
  return { ok: true as const, operationId: op.id };
});
