// CREATE: CreateWorkspaces, up to 25 desktops per call, batched per (region, directory). Each
// desktop carries the portal's tags (desktop id, request id, owner) so that a lost answer can be
// checked: AWS has no client token for creates, so before sending again the worker looks for a
// desktop of that user carrying the operation's tag and adopts it. Fails by failing the request
// (the desktop row stays, state ERROR, with no workspaceId).

import type { AwsFailure } from "@/lib/aws/errors";
import {
  DESKTOP_ID_TAG,
  OWNER_TAG,
  REQUEST_ID_TAG,
  WORKSPACES_BATCH_LIMIT,
  type CreateWorkspaceItem,
  type WorkspaceInfo,
  type WorkspacesApi,
} from "@/lib/aws/workspaces";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import { recordCreateFailed, recordCreatesAccepted, type AcceptedCreate } from "@/lib/provisioning/create-outcomes";
import { chunk, eachLimited, groupBy } from "../concurrency";
import type { WorkerPass } from "../worker-pass";
import { SPLIT_ON_CODES, type OperationHandler } from "./handler";
import { checkCreateGuardrails } from "./create-guardrails";

export const createHandler: OperationHandler = {
  batchKey: (op) => `${op.region}\u0000${op.directoryId ?? ""}`,
  batchLimit: WORKSPACES_BATCH_LIMIT,
  run: runCreates,
  async fail(pass, op, failure, awsRequestId) {
    await recordCreateFailed(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      desktopId: op.desktopId ?? "",
      requestId: op.requestId,
      code: failure.code,
      message: failure.message,
      awsRequestId,
      now: pass.w.clock(),
    });
    pass.summary.failed++;
  },
};

/** A refusal that a desktop made by an earlier, unanswered create would explain (ResourceExists.Workspace). */
const mayBeOurEarlierCreate = (code: string) => code.startsWith("ResourceExists");

/** A bulk job's CSV tags, without keys AWS reserves (aws:) or the portal's own (portal:). */
function extraTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !/^(aws|portal):/i.test(key)));
}

async function runCreates(pass: WorkerPass, ops: ClaimedOperation[]) {
  const api = pass.w.aws.forRegion(ops[0].region).workspaces;
  const toSend: ClaimedOperation[] = [];
  const unsure: ClaimedOperation[] = [];
  const adopted: { op: ClaimedOperation; workspaceId: string; state: string }[] = [];
  for (const op of ops) {
    const desktop = op.desktopId ? pass.desktops.get(op.desktopId) : undefined;
    if (!desktop) {
      await pass.fail(op, { code: "DesktopNotFound", message: "The operation's desktop row no longer exists." });
    } else if (desktop.workspaceId) {
      // Recorded by an earlier holder whose lease ran out before it closed the operation, or
      // found by the fleet sweep by its tag.
      adopted.push({ op, workspaceId: desktop.workspaceId, state: desktop.state });
    } else if (op.outcomeUnknown) {
      unsure.push(op);
    } else {
      toSend.push(op);
    }
  }

  if (unsure.length > 0) {
    const found = await findCreatedDesktops(pass, api, unsure);
    if (found !== "check-failed") {
      for (const op of unsure) {
        const hit = found.get(op.id);
        if (hit) {
          adopted.push({ op, ...hit });
        } else if (op.attempts >= pass.w.maxAttempts) {
          await pass.fail(op, {
            code: op.lastErrorCode ?? "GaveUp",
            message: `Gave up after ${op.attempts} attempts; no desktop was found in AWS. Last error: ${op.lastError ?? "none"}`,
          });
        } else {
          await pass.countAsSend(op);
          toSend.push(op);
        }
      }
    }
  }
  await acceptAll(pass, adopted.map((a) => ({ ...a, adopted: true })), undefined);
  // The directory's guardrails, checked last, just before AWS is asked (whatever path queued it).
  const checked = await checkCreateGuardrails(pass, ops[0].region, toSend);
  const requiredTags = new Map(checked.map((c) => [c.op.id, c.requiredTags]));
  await eachLimited(chunk(checked.map((c) => c.op), pass.w.createBatchSize), pass.w.sendConcurrency, (batch) =>
    pass.sendUnlessStopping(batch, () => sendCreates(pass, api, batch, requiredTags)),
  );
}

function createItem(pass: WorkerPass, op: ClaimedOperation, requiredTags: Record<string, string>): CreateWorkspaceItem {
  const desktop = pass.desktops.get(op.desktopId!)!;
  // The request's or CSV row's tags first (the directory's required ones with their defaults): the
  // portal's own tags cannot be overridden by them.
  const tags: Record<string, string> = { ...extraTags(parsePayload("CREATE", op.payload)?.tags), ...requiredTags, [DESKTOP_ID_TAG]: desktop.id };
  if (op.requestId) tags[REQUEST_ID_TAG] = op.requestId;
  const owner = desktop.owner?.email;
  if (owner) tags[OWNER_TAG] = owner;
  return {
    directoryId: desktop.directoryId,
    userName: desktop.userName,
    bundleId: desktop.bundleId,
    runningMode: desktop.runningMode,
    autoStopTimeoutMinutes: desktop.runningMode === "AUTO_STOP" ? (desktop.autoStopTimeoutMinutes ?? null) : null,
    volumeEncryptionKey: desktop.volumeEncryptionKey ?? pass.w.volumeEncryptionKey,
    tags,
  };
}

async function sendCreates(pass: WorkerPass, api: WorkspacesApi, batch: ClaimedOperation[], requiredTags: Map<string, Record<string, string>>): Promise<void> {
  const items = batch.map((op) => createItem(pass, op, requiredTags.get(op.id) ?? {}));
  pass.summary.awsCalls++;
  const result = await api.createWorkspaces(items, { operationIds: batch.map((o) => o.id) });
  if (!result.ok) {
    if (result.kind === "client" && batch.length > 1 && SPLIT_ON_CODES.has(result.code)) {
      // One bad item can make AWS refuse the whole call: send each alone to find it.
      for (const op of batch) await sendCreates(pass, api, [op], requiredTags);
      return;
    }
    // One delay for the whole batch: its operations come back together and are sent together
    // again (separate jitter would split a throttled batch into many calls).
    const retryAt = pass.batchRetryAt(batch);
    for (const op of batch) await pass.handleCallFailure(op, result, false, retryAt);
    return;
  }
  await acceptAll(pass, 
    result.pending.map((p) => ({ op: batch[p.index], workspaceId: p.workspaceId, state: p.state, adopted: false })),
    result.requestId,
  );
  const retryAt = pass.batchRetryAt(batch);
  for (const f of result.failed) {
    const op = batch[f.index];
    if (pass.wasUnsure.has(op.id) && mayBeOurEarlierCreate(f.code)) {
      // An earlier call may have created it after all ("user already has a WorkSpace" while new
      // ids are not yet visible): look again later instead of failing the request. Any other
      // refusal is AWS's definite answer (the look found nothing), and fails at once.
      await pass.handleCallFailure(op, { ok: false, kind: "unknown-outcome", code: f.code, message: f.message, requestId: result.requestId }, false, retryAt);
      continue;
    }
    await pass.fail(op, { code: f.code, message: f.message }, result.requestId);
  }
  for (const index of result.unaccounted) {
    await pass.handleCallFailure(
      batch[index],
      { ok: false, kind: "unknown-outcome", code: "NoAnswerForItem", message: "AWS's answer did not mention this desktop.", requestId: result.requestId },
      false,
      retryAt,
    );
  }
}

/**
 * Looks in AWS for desktops these operations may already have created (AWS has no client token
 * for creates): desktops of their users in the directory that carry the operation's desktop or
 * request tag. One listing of the directory (DescribeWorkspaces by DirectoryId, 25 per page) when
 * that takes fewer calls than one look per user; DescribeTags only for desktops of those users
 * that no portal row already holds (DescribeWorkspaces returns no tags).
 */
async function findCreatedDesktops(
pass: WorkerPass,
  api: WorkspacesApi,
  ops: ClaimedOperation[],
): Promise<Map<string, { workspaceId: string; state: string }> | "check-failed"> {
  const found = new Map<string, { workspaceId: string; state: string }>();
  const opIds = ops.map((o) => o.id);
  const checkFailed = async (failure: AwsFailure) => {
    const retryAt = pass.batchRetryAt(ops);
    for (const op of ops) await pass.handleCallFailure(op, failure, true, retryAt);
    return "check-failed" as const;
  };

  for (const group of groupBy(ops, (o) => pass.desktops.get(o.desktopId!)!.directoryId).values()) {
    const directoryId = pass.desktops.get(group[0].desktopId!)!.directoryId;
    const users = new Set(group.map((o) => pass.desktops.get(o.desktopId!)!.userName.toLowerCase()));
    const known = await pass.w.db.desktop.count({ where: { directoryId, terminatedAt: null, workspaceId: { not: null } } });
    const pages = Math.max(1, Math.ceil((known + group.length) / WORKSPACES_BATCH_LIMIT));
    const filters = users.size < pages ? [...users].map((userName) => ({ directoryId, userName })) : [{ directoryId }];

    const candidates: WorkspaceInfo[] = [];
    for (const filter of filters) {
      let nextToken: string | undefined;
      do {
        const page = await pass.read(() => api.describeWorkspacesPage({ ...filter, nextToken }, { operationIds: opIds }));
        if (!page.ok) return checkFailed(page);
        for (const w of page.workspaces) {
          if (w.state === "TERMINATED" || w.state === "TERMINATING") continue;
          if (users.has((w.userName ?? "").toLowerCase())) candidates.push(w);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
    if (candidates.length === 0) continue;

    // A desktop another row already holds is not the one we are looking for. (One of these very
    // rows may hold it by now: the fleet sweep links a desktop it finds by tag.)
    const own = new Set(group.map((o) => o.desktopId));
    const held = new Set(
      (
        await pass.w.db.desktop.findMany({
          where: { workspaceId: { in: candidates.map((w) => w.workspaceId) } },
          select: { id: true, workspaceId: true },
        })
      )
        .filter((d) => !own.has(d.id))
        .map((d) => d.workspaceId),
    );
    const byTag = new Map<string, { workspaceId: string; state: string }>();
    let tagFailure: AwsFailure | undefined;
    await eachLimited(
      candidates.filter((w) => !held.has(w.workspaceId)),
      pass.w.sendConcurrency,
      async (w) => {
        if (tagFailure) return;
        const tags = await pass.read(() => api.describeTags(w.workspaceId, { operationIds: opIds }));
        if (!tags.ok) {
          tagFailure = tags;
          return;
        }
        const hit = { workspaceId: w.workspaceId, state: w.state };
        if (tags.tags[DESKTOP_ID_TAG]) byTag.set(`d:${tags.tags[DESKTOP_ID_TAG]}`, hit);
        if (tags.tags[REQUEST_ID_TAG]) byTag.set(`r:${tags.tags[REQUEST_ID_TAG]}`, hit);
      },
    );
    if (tagFailure) return checkFailed(tagFailure);
    for (const op of group) {
      const hit = byTag.get(`d:${op.desktopId}`) ?? (op.requestId ? byTag.get(`r:${op.requestId}`) : undefined);
      if (hit) found.set(op.id, hit);
    }
  }
  return found;
}

/** Records accepted (or adopted) creates, one transaction per batch. */
async function acceptAll(
pass: WorkerPass,
  accepted: { op: ClaimedOperation; workspaceId: string; state: string; adopted: boolean }[],
  awsRequestId: string | undefined,
) {
  if (accepted.length === 0) return;
  const items: AcceptedCreate[] = accepted.map(({ op, workspaceId, state, adopted }) => {
    const desktop = pass.desktops.get(op.desktopId!)!;
    return {
      operationId: op.id,
      desktopId: desktop.id,
      requestId: op.requestId,
      workspaceId,
      state,
      adopted,
      volumeEncryptionKey: desktop.volumeEncryptionKey ?? pass.w.volumeEncryptionKey,
    };
  });
  await recordCreatesAccepted(pass.w.db, { workerId: pass.w.workerId, items, awsRequestId, now: pass.w.clock() });
  pass.summary.succeeded += accepted.length;
  pass.summary.adopted += accepted.filter((a) => a.adopted).length;
}

