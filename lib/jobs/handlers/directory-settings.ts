// A directory's WorkSpaces settings and IP access control groups, one operation per AWS call:
// MODIFY_DIRECTORY_SELF_SERVICE (ModifySelfservicePermissions), MODIFY_DIRECTORY_CREATION
// (ModifyWorkspaceCreationProperties), IP_GROUP_CREATE / IP_GROUP_RULES / IP_GROUP_DELETE /
// IP_GROUP_ASSOCIATION (CreateIpGroup, AuthorizeIpRules, RevokeIpRules, UpdateRulesOfIpGroup,
// DeleteIpGroup, AssociateIpGroups, DisassociateIpGroups) and DIRECTORY_RADIUS (EnableRadius,
// UpdateRadius, DisableRadius).
// Each is sent so that sending it twice does no harm (lib/aws maps "already so" to done; a create
// finds its group by its unique name; rules are compared with the group's before adding or
// removing), so a lost answer is simply sent again. AWS's refusal fails the operation with AWS's
// words, which the pages show. RADIUS's sealed secret is dropped when the operation closes.

import { getConfig } from "@/lib/config";
import type { Prisma } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import type { AwsFailure } from "@/lib/aws/errors";
import type { RegionApis } from "@/lib/aws/gateway";
import { openSecret } from "@/lib/directories/create/secret-box";
import { DIRECTORY_OPERATIONS, recordSettingResult } from "@/lib/directories/mutations";
import { IP_GROUP_OPERATIONS } from "@/lib/directories/ip-groups/mutations";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload, type OperationPayload } from "@/lib/operations/payloads";
import type { CallContext } from "@/lib/aws/workspaces";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

type Sent = { ok: true; requestId?: string; result?: Prisma.InputJsonValue } | AwsFailure | { ok: false; kind: "refused"; code: string; message: string };

interface SettingSpec<T extends OperationType> {
  type: T;
  /** The audit verb and what it names. */
  action: string;
  target(op: ClaimedOperation, payload: OperationPayload<T> | null): { type: string; id: string };
  send(api: RegionApis, op: ClaimedOperation, payload: OperationPayload<T>, context: CallContext): Promise<Sent>;
}

function settingHandler<T extends OperationType>(spec: SettingSpec<T>): OperationHandler {
  async function record(pass: WorkerPass, op: ClaimedOperation, failure: Failure | undefined, awsRequestId?: string, result?: Prisma.InputJsonValue) {
    await recordSettingResult(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      action: spec.action,
      target: spec.target(op, parsePayload(spec.type, op.payload)),
      failure,
      result,
      awsRequestId: awsRequestId ?? null,
      now: pass.w.clock(),
    });
    pass.counted(Boolean(failure));
  }
  return {
    batchKey: (op) => `${op.region}/${op.directoryId ?? op.id}`,
    batchLimit: 1,
    async run(pass, [op]) {
      if (op.outcomeUnknown) await pass.countAsSend(op);
      const payload = parsePayload(spec.type, op.payload);
      if (!payload) {
        await pass.fail(op, { code: "InvalidPayload", message: "The operation's settings could not be read." });
        return;
      }
      pass.summary.awsCalls++;
      const sent = await spec.send(pass.w.aws.forRegion(op.region), op, payload, { operationIds: [op.id] });
      if (sent.ok) {
        await record(pass, op, undefined, sent.requestId, sent.result);
        return;
      }
      if (sent.kind === "refused") {
        await pass.fail(op, { code: sent.code, message: sent.message });
        return;
      }
      // Safe to send again: a lost answer is an ordinary retry.
      await pass.handleCallFailure(op, sent.kind === "unknown-outcome" ? { ...sent, kind: "server" } : sent);
    },
    fail: (pass, op, failure, awsRequestId) => record(pass, op, failure, awsRequestId),
  };
}

const directoryTarget = (op: ClaimedOperation) => ({ type: "directory", id: op.directoryId ?? "" });
const groupTarget = (_op: ClaimedOperation, payload: { groupId?: string; groupName?: string; name?: string } | null) => ({
  type: "ip-group",
  id: payload?.groupId ?? payload?.name ?? payload?.groupName ?? "",
});

export const modifySelfServiceHandler = settingHandler({
  type: "MODIFY_DIRECTORY_SELF_SERVICE",
  action: DIRECTORY_OPERATIONS.MODIFY_DIRECTORY_SELF_SERVICE,
  target: directoryTarget,
  send: (api, op, payload, context) => api.workspaceDirectories.modifySelfService(op.directoryId ?? "", payload.permissions, context),
});

export const modifyCreationHandler = settingHandler({
  type: "MODIFY_DIRECTORY_CREATION",
  action: DIRECTORY_OPERATIONS.MODIFY_DIRECTORY_CREATION,
  target: directoryTarget,
  send: (api, op, payload, context) => api.workspaceDirectories.modifyCreation(op.directoryId ?? "", payload, context),
});

export const ipGroupCreateHandler = settingHandler({
  type: "IP_GROUP_CREATE",
  action: IP_GROUP_OPERATIONS.IP_GROUP_CREATE,
  target: groupTarget,
  async send(api, _op, payload, context) {
    const created = await api.ipGroups.createIpGroup(payload, context);
    if (created.ok) return { ok: true, requestId: created.requestId, result: { groupId: created.groupId } };
    // Names are unique per account and the portal queues one create per name: an existing group
    // of this name is the one an earlier, lost answer created.
    if (created.code !== "ResourceAlreadyExistsException") return created;
    const look = await api.ipGroups.describeIpGroups(context);
    if (!look.ok) return look;
    const found = look.groups.find((g) => g.name === payload.name);
    return found ? { ok: true, result: { groupId: found.groupId } } : created;
  },
});

export const ipGroupRulesHandler = settingHandler({
  type: "IP_GROUP_RULES",
  action: IP_GROUP_OPERATIONS.IP_GROUP_RULES,
  target: groupTarget,
  async send(api, _op, payload, context) {
    if (payload.change === "replace") return api.ipGroups.updateRulesOfIpGroup(payload.groupId, payload.rules, context);
    // Compared with the group first: a rule already added (or removed) by an earlier, lost answer
    // would make AWS refuse the whole call.
    const look = await api.ipGroups.describeIpGroups(context);
    if (!look.ok) return look;
    const group = look.groups.find((g) => g.groupId === payload.groupId);
    if (!group) return { ok: false, kind: "refused", code: "ResourceNotFoundException", message: `The IP access control group ${payload.groupName} no longer exists.` };
    const present = new Set(group.rules.map((r) => r.ipRule));
    if (payload.change === "authorize") {
      const missing = payload.rules.filter((r) => !present.has(r.ipRule));
      return missing.length === 0 ? { ok: true } : api.ipGroups.authorizeIpRules(payload.groupId, missing, context);
    }
    const still = payload.rules.map((r) => r.ipRule).filter((r) => present.has(r));
    return still.length === 0 ? { ok: true } : api.ipGroups.revokeIpRules(payload.groupId, still, context);
  },
});

export const ipGroupDeleteHandler = settingHandler({
  type: "IP_GROUP_DELETE",
  action: IP_GROUP_OPERATIONS.IP_GROUP_DELETE,
  target: groupTarget,
  send: (api, _op, payload, context) => api.ipGroups.deleteIpGroup(payload.groupId, context),
});

export const ipGroupAssociationHandler = settingHandler({
  type: "IP_GROUP_ASSOCIATION",
  action: DIRECTORY_OPERATIONS.IP_GROUP_ASSOCIATION,
  target: directoryTarget,
  send: (api, op, payload, context) => api.ipGroups.setAssociation(op.directoryId ?? "", payload.groupId, payload.associate, context),
});

export const directoryRadiusHandler = settingHandler({
  type: "DIRECTORY_RADIUS",
  action: DIRECTORY_OPERATIONS.DIRECTORY_RADIUS,
  target: directoryTarget,
  async send(api, op, payload, context) {
    const directoryId = op.directoryId ?? "";
    if (payload.action === "disable") return api.directoryRadius.disable(directoryId, context);
    const sharedSecret = payload.secret ? openSecret(payload.secret, getConfig().authSecret) : null;
    if (sharedSecret === null) {
      return { ok: false, kind: "refused", code: "SecretUnavailable", message: "The shared secret could not be read (the portal's auth secret changed). Enter the RADIUS settings again." };
    }
    const settings = { ...payload.settings, sharedSecret };
    return payload.action === "enable" ? api.directoryRadius.enableOrUpdate(directoryId, settings, context) : api.directoryRadius.update(directoryId, settings, context);
  },
});
