// QUICK_SETUP: one job that builds what the WorkSpaces console's quick setup builds, step by step
// (lib/directories/quick-setup/payload.ts lists them). Each step looks in AWS first: EC2 resources
// by the set-up's tag, the directory by its name (Directory Service has no client token), the
// registration by its state, each user by its name over LDAP. So a crash, a lost answer or the
// admin's retry never creates anything twice. Desktops are queued as ordinary CREATE operations,
// which tag and find their own.

import { getConfig } from "@/lib/config";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import { openSecret } from "@/lib/directories/create/secret-box";
import { QUICK_SETUP_STEPS, readProgress, type QuickSetupPayload, type QuickSetupProgress } from "@/lib/directories/quick-setup/payload";
import { queueSetupDesktops, recordQuickSetupClosed, recordSetupDirectory, withoutSecret } from "@/lib/directories/quick-setup/mutations";
import { plural } from "@/lib/plural";
import { endpointFor } from "@/lib/auth/directory/directory-sign-in";
import { createDirectoryUser, getDirectoryUser, resetDirectoryUserPassword, type DirectoryConnection } from "@/lib/directories/users/ldap-admin";
import { usersContainerOf } from "@/lib/directories/users/service-account";
import { isTransientDirectoryError } from "@/lib/directories/users/ad-errors";
import { PORTAL_CREATED_TAG, PORTAL_CREATED_VALUE, QUICK_SETUP_TAG } from "@/lib/aws/portal-network";
import type { RegionApis } from "@/lib/aws/gateway";
import type { WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";
import { markFailed, runStepJob, type StepOutcome } from "./step-job";

/** How long a step waiting on AWS sleeps: short in tests (tiny backoff), seconds in production. */
export const waitMs = (pass: WorkerPass) => Math.min(10_000, Math.max(50, pass.w.backoff.baseMs * 2));

export const quickSetupHandler: OperationHandler = {
  batchKey: (op) => op.id,
  batchLimit: 1,
  async run(pass, ops) {
    for (const op of ops) await runOne(pass, op);
  },
  async fail(pass, op, failure, awsRequestId) {
    const payload = parsePayload("QUICK_SETUP", op.payload);
    const row = await pass.w.db.operation.findUnique({ where: { id: op.id }, select: { result: true } });
    const progress = payload ? readProgress(row?.result, payload) : { steps: {} };
    await recordQuickSetupClosed(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      payload,
      progress: markFailed(progress, QUICK_SETUP_STEPS, failure),
      failure,
      awsRequestId,
      now: pass.w.clock(),
    });
    pass.summary.failed++;
  },
};

async function runOne(pass: WorkerPass, op: ClaimedOperation) {
  const payload = parsePayload("QUICK_SETUP", op.payload);
  if (!payload) return pass.fail(op, { code: "InvalidPayload", message: "The operation's payload does not describe a quick set-up." });
  const row = await pass.w.db.operation.findUnique({ where: { id: op.id }, select: { result: true } });
  const progress = readProgress(row?.result, payload);
  await runStepJob(pass, op, {
    steps: QUICK_SETUP_STEPS,
    progress,
    run: (step) => runStep(pass, op, payload, progress, step),
    // The admin password signs the users step in too: dropped once the users exist (or the directory, without users).
    payloadAfter: (step) => (step === "users" || (step === "directory" && payload.users.length === 0) ? withoutSecret(payload) : undefined),
    async finish(p) {
      await recordQuickSetupClosed(pass.w.db, { operationId: op.id, workerId: pass.w.workerId, payload, progress: p, now: pass.w.clock() });
      pass.counted(false);
    },
  });
}

const failure = (code: string, message: string): StepOutcome => ({ kind: "failed", failure: { ok: false, kind: "client", code, message } });

async function runStep(pass: WorkerPass, op: ClaimedOperation, payload: QuickSetupPayload, progress: QuickSetupProgress, step: string): Promise<StepOutcome> {
  const apis = pass.w.aws.forRegion(op.region);
  const net = apis.portalNetwork;
  const setupId = op.id;
  const call = async <R extends { ok: true } | { ok: false }>(send: () => Promise<R>) => {
    pass.summary.awsCalls++;
    return send();
  };
  const network = payload.network;

  switch (step) {
    case "vpc": {
      if (network.kind !== "new") return { kind: "done" };
      const found = await pass.read(() => net.findVpcs({ setupId }));
      if (!found.ok) return { kind: "failed", failure: found };
      let vpcId = found.vpcs[0]?.vpcId;
      if (!vpcId) {
        const made = await call(() => net.createVpc(setupId, network.vpcCidr));
        if (!made.ok) return { kind: "failed", failure: made };
        vpcId = made.vpcId;
      }
      progress.vpcId = vpcId;
      return { kind: "done", detail: `${vpcId} (${network.vpcCidr})` };
    }
    case "subnets": {
      if (network.kind !== "new" || !progress.vpcId) return failure("NoVpc", "The VPC was not created.");
      const found = await pass.read(() => net.findSubnets({ setupId }));
      if (!found.ok) return { kind: "failed", failure: found };
      const ids: string[] = [];
      for (const [i, role] of (["a", "b"] as const).entries()) {
        const existing = found.subnets.find((s) => s.tags["portal:subnet"] === role);
        if (existing) {
          ids.push(existing.subnetId);
          continue;
        }
        const spec = network.subnets[i];
        const made = await call(() => net.createSubnet(setupId, { vpcId: progress.vpcId!, cidrBlock: spec.cidr, availabilityZone: spec.availabilityZone, role }));
        if (!made.ok) return { kind: "failed", failure: made };
        ids.push(made.subnetId);
      }
      progress.subnetIds = ids;
      return { kind: "done", detail: ids.map((id, i) => `${id} (${network.subnets[i].cidr}, ${network.subnets[i].availabilityZone})`).join(", ") };
    }
    case "internet-gateway": {
      const vpcId = progress.vpcId!;
      const found = await pass.read(() => net.findInternetGateways({ setupId }));
      if (!found.ok) return { kind: "failed", failure: found };
      let gateway = found.gateways[0];
      if (!gateway) {
        const made = await call(() => net.createInternetGateway(setupId));
        if (!made.ok) return { kind: "failed", failure: made };
        gateway = { internetGatewayId: made.internetGatewayId, attachedVpcIds: [], tags: {} };
      }
      progress.internetGatewayId = gateway.internetGatewayId;
      if (!gateway.attachedVpcIds.includes(vpcId)) {
        const attached = await call(() => net.attachInternetGateway(setupId, gateway.internetGatewayId, vpcId));
        // Resource.AlreadyAssociated: a lost answer's attachment, the one this call wanted.
        if (!attached.ok && attached.code !== "Resource.AlreadyAssociated") return { kind: "failed", failure: attached };
      }
      return { kind: "done", detail: `${gateway.internetGatewayId}, attached to ${vpcId}` };
    }
    case "routes": {
      const vpcId = progress.vpcId!;
      const tables = await pass.read(() => net.routeTables(vpcId));
      if (!tables.ok) return { kind: "failed", failure: tables };
      const main = tables.tables.find((t) => t.main);
      if (!main) return failure("NoMainRouteTable", `${vpcId} has no main route table.`);
      if (!main.routes.some((r) => r.destination === "0.0.0.0/0")) {
        const made = await call(() => net.createDefaultRoute(setupId, main.routeTableId, progress.internetGatewayId!));
        if (!made.ok) return { kind: "failed", failure: made };
      }
      return { kind: "done", detail: `0.0.0.0/0 through ${progress.internetGatewayId} in ${main.routeTableId}` };
    }
    case "directory": {
      const api = apis.directoryCreation;
      const look = await pass.read(() => api.describeDirectories());
      if (!look.ok) return { kind: "failed", failure: look };
      const found = look.directories.find((d) => d.name.toLowerCase() === payload.directory.name.toLowerCase() && d.type === "SimpleAD" && d.vpcId === progress.vpcId && d.stage !== "Deleted");
      if (found) {
        progress.directoryId = found.directoryId;
        return { kind: "done", detail: found.directoryId };
      }
      const password = payload.secret ? openSecret(payload.secret, getConfig().authSecret) : null;
      if (password === null) return failure("PasswordUnavailable", "The administrator password is no longer held. Retry this step and enter it again.");
      const subnetIds = progress.subnetIds ?? [];
      const sent = await call(() =>
        api.createDirectory({ type: "SimpleAD", name: payload.directory.name, shortName: payload.directory.shortName, size: payload.directory.size, password, vpcId: progress.vpcId!, subnetIds }, op.id, [
          { Key: PORTAL_CREATED_TAG, Value: PORTAL_CREATED_VALUE },
          { Key: QUICK_SETUP_TAG, Value: setupId },
        ]),
      );
      if (!sent.ok) return { kind: "failed", failure: sent };
      progress.directoryId = sent.directoryId;
      return { kind: "done", detail: sent.directoryId };
    }
    case "directory-active": {
      const look = await pass.read(() => apis.directoryCreation.describeDirectories([progress.directoryId!]));
      if (!look.ok) return { kind: "failed", failure: look };
      const dir = look.directories[0];
      if (dir?.stage === "Active") return { kind: "done", detail: "Active" };
      if (!dir || ["Failed", "Impaired", "Inoperable", "Deleted", "Deleting"].includes(dir.stage)) {
        return failure(`Directory${dir?.stage ?? "Missing"}`, dir?.stageReason || `The directory is ${dir?.stage ?? "gone"}.`);
      }
      return { kind: "wait", detail: dir.stage, afterMs: waitMs(pass) };
    }
    case "registration": {
      const directoryId = progress.directoryId!;
      const look = await pass.read(() => apis.workspaces.describeWorkspaceDirectories());
      if (!look.ok) return { kind: "failed", failure: look };
      const registered = look.directories.find((d) => d.directoryId === directoryId);
      if (registered?.state === "REGISTERED") {
        await recordSetupDirectory(pass.w.db, { directoryId, name: payload.directory.name, shortName: payload.directory.shortName, region: op.region, registrationCode: registered.registrationCode });
        return { kind: "done", detail: registered.registrationCode ? `Registration code ${registered.registrationCode}` : undefined };
      }
      if (!registered || registered.state === "DEREGISTERED") {
        const sent = await call(() => apis.workspaceDirectories.registerDirectory(directoryId, { operationIds: [op.id] }));
        if (!sent.ok) return { kind: "failed", failure: sent };
      }
      return { kind: "wait", detail: registered?.state ?? "REGISTERING", afterMs: waitMs(pass) };
    }
    case "users":
      return createUsers(pass, apis, payload, progress);
    case "desktops": {
      if (progress.desktopIds) return { kind: "done", detail: `${plural(progress.desktopIds.length, "desktop")} queued` };
      const ids = await queueSetupDesktops(pass.w.db, { operationId: op.id, workerId: pass.w.workerId }, {
        payload,
        progress,
        directoryId: progress.directoryId!,
        region: op.region,
        actorId: op.createdById ?? "",
        volumeEncryptionKey: pass.w.volumeEncryptionKey,
        now: pass.w.clock(),
      });
      if (ids === null) return { kind: "wait", afterMs: 0 }; // lost the lease: the new holder goes on
      return { kind: "done", detail: `${plural(ids.length, "desktop")} queued` };
    }
    default:
      return { kind: "done" };
  }
}

/**
 * The listed users, over LDAP as the directory's Administrator (the password the admin gave, still
 * sealed), each with the initial password sealed for it. A user already there was made by an
 * earlier try of this job (the directory is the job's own, and the built-in accounts cannot be
 * listed): its password is set again, so the one the admin was last shown is the one that works.
 */
async function createUsers(pass: WorkerPass, apis: RegionApis, payload: QuickSetupPayload, progress: QuickSetupProgress): Promise<StepOutcome> {
  const secret = getConfig().authSecret;
  const adminPassword = payload.secret ? openSecret(payload.secret, secret) : null;
  if (adminPassword === null) return failure("PasswordUnavailable", "The administrator password is no longer held. Retry this step and enter it again.");
  const directoryId = progress.directoryId!;
  const look = await pass.read(() => apis.directoryCreation.describeDirectories([directoryId]));
  if (!look.ok) return { kind: "failed", failure: look };
  const directory = { id: directoryId, name: payload.directory.name, shortName: payload.directory.shortName ?? null, type: "SIMPLE_AD" as const, dnsIpAddresses: look.directories[0]?.dnsIpAddresses ?? [] };
  const endpoint = endpointFor(directory, getConfig().directorySignIn);
  if (!endpoint) return failure("NoDirectoryAddress", "The directory has no DNS address to reach it over LDAP.");
  const conn: DirectoryConnection = { endpoint, domain: directory.name, usersDn: usersContainerOf(directory), admin: { bindName: `Administrator@${directory.name}`, password: adminPassword } };
  let created = 0;
  for (const user of payload.users) {
    const password = user.secret ? openSecret(user.secret, secret) : null;
    if (password === null) return failure("PasswordUnavailable", `The initial password of ${user.userName} is no longer held. Retry this step: new passwords are made.`);
    const found = await getDirectoryUser(conn, user.userName);
    const result = found.ok
      ? await resetDirectoryUserPassword(conn, { userName: user.userName, password, mustChangePassword: true })
      : found.code === "NOT_FOUND"
        ? await createDirectoryUser(conn, { ...user, password, mustChangePassword: true })
        : found;
    if (!result.ok) {
      // An unreachable directory is retried like a server error; a refusal (a password policy, a name) is final.
      return { kind: "failed", failure: { ok: false, kind: isTransientDirectoryError(result.code) ? "server" : "client", code: `Directory${result.code}`, message: result.message } };
    }
    if (!found.ok) created++;
  }
  const earlier = payload.users.length - created;
  return { kind: "done", detail: `${plural(payload.users.length, "user")} in the directory${earlier > 0 ? ` (${earlier} already made by an earlier try)` : ""}` };
}
