// CREATE_DIRECTORY: CreateDirectory (Simple AD), CreateMicrosoftAD or ConnectDirectory (AD
// Connector), one per call. Directory Service has no client token, so a lost answer is checked
// before sending again: a directory with the operation's name, type and VPC (the action refuses a
// name already in use) is adopted instead of creating a second one. The password travels sealed in
// the payload and is removed when the operation closes (lib/directories/create/secret-box.ts).

import { getConfig } from "@/lib/config";
import type { NewDirectorySpec } from "@/lib/aws/directory-creation";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import type { NewDirectoryPayload } from "@/lib/directories/create/payload";
import { recordDirectoryCreateFailed, recordDirectoryCreated } from "@/lib/directories/create/mutations";
import { openSecret } from "@/lib/directories/create/secret-box";
import type { WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

export const createDirectoryHandler: OperationHandler = {
  batchKey: (op) => op.id,
  batchLimit: 1, // one directory per call
  async run(pass, ops) {
    for (const op of ops) await createOne(pass, op);
  },
  async fail(pass, op, failure, awsRequestId) {
    await recordDirectoryCreateFailed(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      payload: parsePayload("CREATE_DIRECTORY", op.payload),
      code: failure.code,
      message: failure.message,
      awsRequestId,
      now: pass.w.clock(),
    });
    pass.summary.failed++;
  },
};

function toSpec(p: NewDirectoryPayload, password: string): NewDirectorySpec {
  const base = { name: p.name, shortName: p.shortName, password, vpcId: p.vpcId, subnetIds: p.subnetIds };
  if (p.directoryType === "MicrosoftAD") return { ...base, type: "MicrosoftAD", edition: p.edition ?? "Standard" };
  if (p.directoryType === "ADConnector") {
    return { ...base, type: "ADConnector", size: p.size ?? "Small", dnsIps: p.dnsIps ?? [], customerUserName: p.customerUserName ?? "" };
  }
  return { ...base, type: "SimpleAD", size: p.size ?? "Small" };
}

async function createOne(pass: WorkerPass, op: ClaimedOperation) {
  const payload = parsePayload("CREATE_DIRECTORY", op.payload);
  if (!payload) return pass.fail(op, { code: "InvalidPayload", message: "The operation's payload does not describe a directory." });
  const api = pass.w.aws.forRegion(op.region).directoryCreation;
  const claim = { operationId: op.id, workerId: pass.w.workerId };

  if (op.outcomeUnknown) {
    const look = await pass.read(() => api.describeDirectories());
    if (!look.ok) return pass.handleCallFailure(op, look, true);
    const found = look.directories.find((d) => d.name.toLowerCase() === payload.name.toLowerCase() && d.type === payload.directoryType && d.vpcId === payload.vpcId);
    if (found) {
      await recordDirectoryCreated(pass.w.db, { ...claim, payload, directoryId: found.directoryId, now: pass.w.clock() });
      pass.summary.adopted++;
      pass.counted(false);
      return;
    }
    if (op.attempts >= pass.w.maxAttempts) {
      return pass.fail(op, { code: op.lastErrorCode ?? "GaveUp", message: `Gave up: no directory named ${payload.name} appeared in AWS. ${op.lastError ?? ""}`.trim() });
    }
    await pass.countAsSend(op);
  }

  const password = payload.secret ? openSecret(payload.secret, getConfig().authSecret) : null;
  if (password === null) {
    return pass.fail(op, { code: "PasswordUnavailable", message: "The password could not be read (the portal's auth secret changed). Create the directory again." });
  }
  pass.summary.awsCalls++;
  const sent = await api.createDirectory(toSpec(payload, password), op.id);
  if (!sent.ok) return pass.handleCallFailure(op, sent);
  await recordDirectoryCreated(pass.w.db, { ...claim, payload, directoryId: sent.directoryId, awsRequestId: sent.requestId, now: pass.w.clock() });
  pass.counted(false);
}
