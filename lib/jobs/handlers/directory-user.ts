// DIRECTORY_USER: a change to one user of a directory, one per operation. Create, disable and
// enable go over LDAP with the directory's service account (lib/directories/users); a password
// reset goes through Directory Service's ResetUserPassword where AWS offers it (Simple AD, Managed
// AD) and over LDAP otherwise. Each is safe to repeat (a reset sets the same password, a disable the
// same bit), except a create whose answer was lost: the user it finds then is taken as its own.
// The password travels sealed in the payload and is removed when the operation closes.

import { getConfig } from "@/lib/config";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import { openSecret } from "@/lib/directories/create/secret-box";
import { isTransientDirectoryError } from "@/lib/directories/users/ad-errors";
import { createDirectoryUser, resetDirectoryUserPassword, setDirectoryUserEnabled, type DirectoryUserResult } from "@/lib/directories/users/ldap-admin";
import { recordDirectoryUserResult } from "@/lib/directories/users/mutations";
import type { DirectoryUserPayload } from "@/lib/directories/users/payload";
import { resetsThroughDirectoryService, serviceConnectionFor } from "@/lib/directories/users/service-account";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

const UNREACHABLE = "DirectoryUnreachable";

async function record(pass: WorkerPass, op: ClaimedOperation, payload: DirectoryUserPayload | null, failure?: Failure, awsRequestId?: string) {
  await recordDirectoryUserResult(pass.w.db, {
    operationId: op.id,
    workerId: pass.w.workerId,
    directoryId: op.directoryId ?? "",
    payload,
    failure,
    awsRequestId: awsRequestId ?? null,
    now: pass.w.clock(),
  });
  pass.counted(Boolean(failure));
}

export const directoryUserHandler: OperationHandler = {
  batchKey: (op) => op.id,
  batchLimit: 1,
  async run(pass, [op]) {
    const payload = parsePayload("DIRECTORY_USER", op.payload);
    if (!payload) return pass.fail(op, { code: "InvalidPayload", message: "The operation's payload does not describe a change to a directory user." });
    if (op.outcomeUnknown) await pass.countAsSend(op);
    const directory = op.directoryId
      ? await pass.w.db.directory.findUnique({ where: { id: op.directoryId }, select: { id: true, name: true, shortName: true, type: true, dnsIpAddresses: true } })
      : null;
    if (!directory) return record(pass, op, payload, { code: "DirectoryNotFound", message: `The directory ${op.directoryId ?? ""} is not known to the portal.` });

    let password: string | null = null;
    if (payload.action === "CREATE" || payload.action === "RESET_PASSWORD") {
      password = payload.secret ? openSecret(payload.secret, getConfig().authSecret) : null;
      if (password === null) {
        return record(pass, op, payload, { code: "PasswordUnavailable", message: "The password could not be read (the portal's auth secret changed). Set it again." });
      }
    }

    if (payload.action === "RESET_PASSWORD" && resetsThroughDirectoryService(directory)) {
      pass.summary.awsCalls++;
      const sent = await pass.w.aws
        .forRegion(op.region)
        .directoryService.resetUserPassword({ directoryId: directory.id, userName: payload.userName, newPassword: password! }, { operationIds: [op.id] });
      if (sent.ok) return record(pass, op, payload, undefined, sent.requestId);
      // The same password set twice is harmless: a lost answer is an ordinary retry.
      return pass.handleCallFailure(op, sent.kind === "unknown-outcome" ? { ...sent, kind: "server" } : sent);
    }

    const connection = serviceConnectionFor(directory, getConfig());
    if (!connection.ok) return record(pass, op, payload, { code: "NoServiceAccount", message: connection.message });
    const { conn } = connection;
    let result: DirectoryUserResult<object>;
    if (payload.action === "CREATE") {
      result = await createDirectoryUser(conn, { ...payload, password: password! });
      // The last try's answer was lost after the directory may have added the user: it is ours.
      if (!result.ok && result.code === "ALREADY_EXISTS" && op.lastErrorCode === UNREACHABLE) result = { ok: true };
    } else if (payload.action === "RESET_PASSWORD") {
      result = await resetDirectoryUserPassword(conn, { userName: payload.userName, password: password!, mustChangePassword: payload.mustChangePassword });
    } else {
      result = await setDirectoryUserEnabled(conn, { userName: payload.userName, enabled: payload.action === "ENABLE" });
    }
    if (result.ok) return record(pass, op, payload);
    if (isTransientDirectoryError(result.code)) {
      if (op.attempts >= pass.w.maxAttempts) return record(pass, op, payload, { code: UNREACHABLE, message: `Gave up after ${op.attempts} attempts: ${result.message}` });
      return pass.retry(op, { code: UNREACHABLE, message: result.message });
    }
    return record(pass, op, payload, { code: result.code, message: result.message });
  },
  async fail(pass, op, failure, awsRequestId) {
    await record(pass, op, parsePayload("DIRECTORY_USER", op.payload), failure, awsRequestId);
  },
};
