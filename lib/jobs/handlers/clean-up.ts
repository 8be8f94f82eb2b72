// CLEAN_UP: removes a directory and what hangs on it, step by step: terminate its desktops (25 per
// TerminateWorkspaces call), wait until they are gone, deregister it, delete it, wait until it is
// gone, then delete the network the portal created (default route, internet gateway detached and
// deleted, subnets, VPC). Each step looks in AWS first and acts only on what is still there, so a
// crash or a retry never deletes anything twice; the network is deleted only when it carries the
// portal's tag, never one the portal did not create.

import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import type { AwsFailure } from "@/lib/aws/errors";
import { DEFAULT_ROUTE, isPortalCreated, QUICK_SETUP_TAG } from "@/lib/aws/portal-network";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import { CLEAN_UP_STEPS, readCleanUpProgress, type CleanUpPayload, type CleanUpProgress } from "@/lib/directories/clean-up/payload";
import { recordCleanUpClosed } from "@/lib/directories/clean-up/mutations";
import { plural } from "@/lib/plural";
import type { WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";
import { waitMs } from "./quick-setup";
import { markFailed, runStepJob, type StepOutcome } from "./step-job";

export const cleanUpHandler: OperationHandler = {
  batchKey: (op) => op.id,
  batchLimit: 1,
  async run(pass, ops) {
    for (const op of ops) await runOne(pass, op);
  },
  async fail(pass, op, failure, awsRequestId) {
    const payload = parsePayload("CLEAN_UP", op.payload);
    const row = await pass.w.db.operation.findUnique({ where: { id: op.id }, select: { result: true } });
    const progress = payload ? readCleanUpProgress(row?.result, payload) : { steps: {}, terminated: [] };
    await recordCleanUpClosed(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      directoryId: op.directoryId ?? "",
      progress: markFailed(progress, CLEAN_UP_STEPS, failure),
      failure,
      awsRequestId,
      now: pass.w.clock(),
    });
    pass.summary.failed++;
  },
};

async function runOne(pass: WorkerPass, op: ClaimedOperation) {
  const payload = parsePayload("CLEAN_UP", op.payload);
  if (!payload) return pass.fail(op, { code: "InvalidPayload", message: "The operation's payload does not name a directory." });
  const row = await pass.w.db.operation.findUnique({ where: { id: op.id }, select: { result: true } });
  const progress = readCleanUpProgress(row?.result, payload);
  await runStepJob(pass, op, {
    steps: CLEAN_UP_STEPS,
    progress,
    run: (step) => runStep(pass, op, payload, progress, step),
    async finish(p) {
      await recordCleanUpClosed(pass.w.db, { operationId: op.id, workerId: pass.w.workerId, directoryId: payload.directoryId, progress: p, now: pass.w.clock() });
      pass.counted(false);
    },
  });
}

const GONE_STATES = new Set(["TERMINATED"]);

/** Every desktop AWS lists in the directory (25 per page). */
async function listDesktops(pass: WorkerPass, op: ClaimedOperation, directoryId: string) {
  const api = pass.w.aws.forRegion(op.region).workspaces;
  const all: { workspaceId: string; state: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await pass.read(() => api.describeWorkspacesPage({ directoryId, nextToken }, { operationIds: [op.id] }));
    if (!page.ok) return page;
    all.push(...page.workspaces.map((w) => ({ workspaceId: w.workspaceId, state: w.state })));
    nextToken = page.nextToken;
  } while (nextToken);
  return { ok: true as const, desktops: all };
}

async function runStep(pass: WorkerPass, op: ClaimedOperation, payload: CleanUpPayload, progress: CleanUpProgress, step: string): Promise<StepOutcome> {
  const apis = pass.w.aws.forRegion(op.region);
  const net = apis.portalNetwork;
  const directoryId = payload.directoryId;
  const jobId = op.id;
  const context = { operationIds: [op.id] };

  switch (step) {
    case "terminate": {
      const listed = await listDesktops(pass, op, directoryId);
      if (!listed.ok) return { kind: "failed", failure: listed };
      // Only desktops not already on their way out: a resumed job never terminates one twice.
      const toTerminate = listed.desktops.filter((d) => d.state !== "TERMINATING" && !GONE_STATES.has(d.state)).map((d) => d.workspaceId);
      for (let i = 0; i < toTerminate.length; i += WORKSPACES_BATCH_LIMIT) {
        const batch = toTerminate.slice(i, i + WORKSPACES_BATCH_LIMIT);
        pass.summary.awsCalls++;
        const sent = await apis.workspaces.terminateWorkspaces(batch, context);
        if (!sent.ok) return { kind: "failed", failure: sent };
        const refused = sent.failed.filter((f) => !/NotFound/.test(f.code));
        if (refused.length > 0) return { kind: "failed", failure: { ok: false, kind: "client", code: refused[0].code, message: `${refused[0].workspaceId}: ${refused[0].message}` } };
        progress.terminated = [...progress.terminated, ...batch];
      }
      return { kind: "done", detail: `${plural(progress.terminated.length, "desktop")} terminated` };
    }
    case "desktops-gone": {
      const listed = await listDesktops(pass, op, directoryId);
      if (!listed.ok) return { kind: "failed", failure: listed };
      const left = listed.desktops.filter((d) => !GONE_STATES.has(d.state));
      if (left.length === 0) return { kind: "done" };
      // One that came back to life (or was created meanwhile) needs terminating again: the next
      // retry starts from terminate.
      return { kind: "wait", detail: `${plural(left.length, "desktop")} still terminating`, afterMs: waitMs(pass) };
    }
    case "deregister": {
      pass.summary.awsCalls++;
      const sent = await apis.workspaceDirectories.deregisterDirectory(directoryId, context);
      if (!sent.ok) return { kind: "failed", failure: sent };
      const look = await pass.read(() => apis.workspaces.describeWorkspaceDirectories());
      if (!look.ok) return { kind: "failed", failure: look };
      const still = look.directories.find((d) => d.directoryId === directoryId && d.state !== "DEREGISTERED");
      // DeregisterWorkspaceDirectory is idempotent: waiting sends it again, harmlessly.
      if (still) return { kind: "wait", detail: still.state, afterMs: waitMs(pass) };
      return { kind: "done" };
    }
    case "delete-directory": {
      const look = await pass.read(() => apis.directoryCreation.describeDirectories());
      if (!look.ok) return { kind: "failed", failure: look };
      const dir = look.directories.find((d) => d.directoryId === directoryId);
      if (!dir || dir.stage === "Deleting" || dir.stage === "Deleted") return { kind: "done", detail: dir?.stage ?? "Already gone" };
      pass.summary.awsCalls++;
      const sent = await net.deleteDirectory(jobId, directoryId);
      if (!sent.ok) return { kind: "failed", failure: sent };
      return { kind: "done", detail: "Deleting" };
    }
    case "directory-gone": {
      const look = await pass.read(() => apis.directoryCreation.describeDirectories());
      if (!look.ok) return { kind: "failed", failure: look };
      const dir = look.directories.find((d) => d.directoryId === directoryId && d.stage !== "Deleted");
      if (!dir) return { kind: "done" };
      return { kind: "wait", detail: dir.stage, afterMs: waitMs(pass) };
    }
    case "network":
      return deleteNetwork(pass, op, payload);
    default:
      return { kind: "done" };
  }
}

/** The portal's network, each part deleted only when AWS still lists it and it carries the portal's tag. */
async function deleteNetwork(pass: WorkerPass, op: ClaimedOperation, payload: CleanUpPayload): Promise<StepOutcome> {
  const net = pass.w.aws.forRegion(op.region).portalNetwork;
  const vpcId = payload.vpcId;
  if (!vpcId) return { kind: "done" };
  const vpcs = await pass.read(() => net.findVpcs({ vpcIds: [vpcId] }));
  if (!vpcs.ok) return { kind: "failed", failure: vpcs };
  const vpc = vpcs.vpcs[0];
  if (!vpc) return { kind: "done", detail: `${vpcId} already deleted` };
  if (!isPortalCreated(vpc.tags)) {
    return { kind: "failed", failure: { ok: false, kind: "client", code: "NotCreatedByPortal", message: `${vpcId} was not created by the portal; it is left as it is.` } };
  }
  const setupId = vpc.tags[QUICK_SETUP_TAG];
  const deleted: string[] = [];
  const send = async (id: string, call: () => Promise<{ ok: true; alreadyGone: boolean } | AwsFailure>) => {
    pass.summary.awsCalls++;
    const r = await call();
    if (r.ok && !r.alreadyGone) deleted.push(id);
    return r;
  };

  const tables = await pass.read(() => net.routeTables(vpcId));
  if (!tables.ok) return { kind: "failed", failure: tables };
  for (const t of tables.tables) {
    if (!t.routes.some((r) => r.destination === DEFAULT_ROUTE && r.gatewayId?.startsWith("igw-"))) continue;
    const r = await send(`${t.routeTableId} ${DEFAULT_ROUTE}`, () => net.deleteDefaultRoute(op.id, t.routeTableId));
    if (!r.ok) return { kind: "failed", failure: r };
  }

  const attached = await pass.read(() => net.findInternetGateways({ vpcId }));
  if (!attached.ok) return { kind: "failed", failure: attached };
  const tagged = setupId ? await pass.read(() => net.findInternetGateways({ setupId })) : { ok: true as const, gateways: [] };
  if (!tagged.ok) return { kind: "failed", failure: tagged };
  const gateways = new Map([...attached.gateways, ...tagged.gateways].filter((g) => isPortalCreated(g.tags)).map((g) => [g.internetGatewayId, g]));
  for (const g of gateways.values()) {
    if (g.attachedVpcIds.includes(vpcId)) {
      const r = await send(`${g.internetGatewayId} detached`, () => net.detachInternetGateway(op.id, g.internetGatewayId, vpcId));
      if (!r.ok) return { kind: "failed", failure: r };
    }
    const r = await send(g.internetGatewayId, () => net.deleteInternetGateway(op.id, g.internetGatewayId));
    if (!r.ok) return { kind: "failed", failure: r };
  }

  const subnets = await pass.read(() => net.findSubnets({ vpcId }));
  if (!subnets.ok) return { kind: "failed", failure: subnets };
  for (const s of subnets.subnets.filter((x) => isPortalCreated(x.tags))) {
    const r = await send(s.subnetId, () => net.deleteSubnet(op.id, s.subnetId));
    if (!r.ok) return { kind: "failed", failure: r };
  }

  const r = await send(vpcId, () => net.deleteVpc(op.id, vpcId));
  if (!r.ok) return { kind: "failed", failure: r };
  return { kind: "done", detail: deleted.length > 0 ? `Deleted ${deleted.join(", ")}` : `${vpcId} deleted` };
}
