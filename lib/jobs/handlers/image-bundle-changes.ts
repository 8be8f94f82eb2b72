// CREATE_IMAGE, DELETE_IMAGE, COPY_IMAGE, SHARE_IMAGE, CREATE_BUNDLE, UPDATE_BUNDLE, DELETE_BUNDLE:
// one AWS call each (lib/aws/workspace-images.ts). Each call is safe to send again (a create finds
// what a lost answer made by its unique name; the others aim for a state), so a lost answer is an
// ordinary retry. AWS's refusal (desktop not AVAILABLE, encrypted, image in use by a bundle, bundle
// in use by desktops, quota) fails the operation with AWS's code and message, which the admin
// pages show. COPY_IMAGE goes to its operation's region (the destination). After a bundle change
// the account's bundles are read back into the catalogue, so the admin can offer a new bundle at once.

import type { ImageChangeResult } from "@/lib/aws/workspace-images";
import type { CallContext } from "@/lib/aws/workspaces";
import { refreshCustomBundleRows } from "@/lib/catalog/mutations";
import { recordImageBundleResult } from "@/lib/images/mutations";
import type { ImageBundleOperationType } from "@/lib/images/payloads";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload, type OperationPayload } from "@/lib/operations/payloads";
import type { RegionApis } from "@/lib/aws/gateway";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

type Send<T extends ImageBundleOperationType> = (apis: RegionApis, payload: OperationPayload<T>, context: CallContext) => Promise<ImageChangeResult>;

const SENDS: { [T in ImageBundleOperationType]: Send<T> } = {
  CREATE_IMAGE: (apis, p, c) => apis.workspaceImages.createImage(p, c),
  DELETE_IMAGE: (apis, p, c) => apis.workspaceImages.deleteImage(p.imageId, c),
  COPY_IMAGE: (apis, p, c) => apis.workspaceImages.copyImage(p, c),
  SHARE_IMAGE: (apis, p, c) => apis.workspaceImages.updateImagePermission(p, c),
  CREATE_BUNDLE: (apis, p, c) => apis.workspaceImages.createBundle(p, () => apis.workspaces.describeBundles({}), c),
  UPDATE_BUNDLE: (apis, p, c) => apis.workspaceImages.updateBundle(p, c),
  DELETE_BUNDLE: (apis, p, c) => apis.workspaceImages.deleteBundle(p.bundleId, c),
};

// A changed bundle is read back into the catalogue at once, so the admin can offer it straight away.
const BUNDLE_CHANGES: ReadonlySet<ImageBundleOperationType> = new Set(["CREATE_BUNDLE", "UPDATE_BUNDLE", "DELETE_BUNDLE"]);

function imageBundleHandler<T extends ImageBundleOperationType>(type: T): OperationHandler {
  async function record(pass: WorkerPass, op: ClaimedOperation, outcome: { failure?: Failure; resourceId?: string; awsRequestId?: string }) {
    await recordImageBundleResult(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      type,
      payload: (op.payload ?? {}) as Record<string, unknown>,
      region: op.region,
      failure: outcome.failure,
      resourceId: outcome.resourceId,
      awsRequestId: outcome.awsRequestId ?? null,
      now: pass.w.clock(),
    });
    pass.counted(Boolean(outcome.failure));
  }
  return {
    batchKey: (op) => `${op.region}/${op.id}`,
    batchLimit: 1,
    async run(pass, [op]) {
      if (op.outcomeUnknown) await pass.countAsSend(op);
      const payload = parsePayload(type, op.payload);
      if (!payload) {
        await pass.fail(op, { code: "InvalidPayload", message: "The operation's payload does not match its type." });
        return;
      }
      pass.summary.awsCalls++;
      const result = await SENDS[type](pass.w.aws.forRegion(op.region), payload, { operationIds: [op.id] });
      if (result.ok) {
        await record(pass, op, { resourceId: result.resourceId, awsRequestId: result.requestId });
        // Reads only; a failure leaves it to the next catalogue refresh.
        if (BUNDLE_CHANGES.has(type)) await refreshCustomBundleRows(pass.w.db, pass.w.aws, op.region, pass.w.clock()).catch(() => false);
        return;
      }
      // Safe to send again: a lost answer is an ordinary retry.
      await pass.handleCallFailure(op, result.kind === "unknown-outcome" ? { ...result, kind: "server" } : result);
    },
    fail: (pass, op, failure, awsRequestId) => record(pass, op, { failure, awsRequestId }),
  };
}

export const IMAGE_BUNDLE_HANDLERS: Record<ImageBundleOperationType, OperationHandler> = {
  CREATE_IMAGE: imageBundleHandler("CREATE_IMAGE"),
  DELETE_IMAGE: imageBundleHandler("DELETE_IMAGE"),
  COPY_IMAGE: imageBundleHandler("COPY_IMAGE"),
  SHARE_IMAGE: imageBundleHandler("SHARE_IMAGE"),
  CREATE_BUNDLE: imageBundleHandler("CREATE_BUNDLE"),
  UPDATE_BUNDLE: imageBundleHandler("UPDATE_BUNDLE"),
  DELETE_BUNDLE: imageBundleHandler("DELETE_BUNDLE"),
};
