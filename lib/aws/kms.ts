// KMS reads the portal needs: whether a volume encryption key exists, is enabled and is symmetric
// (WorkSpaces encrypts volumes only with symmetric keys). DescribeKey accepts a key id, key ARN,
// alias name or alias ARN.

import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { CallContext } from "./workspaces";

export interface KmsKeyInfo {
  keyId: string;
  arn: string;
  /** Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, ... */
  keyState: string;
  keySpec: string;
  keyUsage: string;
  description: string;
}

/** Why a key cannot encrypt WorkSpaces volumes, in words an admin acts on; null when it can. */
export function kmsKeyProblem(key: KmsKeyInfo): string | null {
  if (key.keyState !== "Enabled") return `The KMS key ${key.arn} is ${key.keyState === "Disabled" ? "disabled" : `in state ${key.keyState}`}: enable it in KMS or choose another.`;
  if (key.keySpec !== "SYMMETRIC_DEFAULT" || key.keyUsage !== "ENCRYPT_DECRYPT") {
    return `The KMS key ${key.arn} is not a symmetric encryption key (${key.keySpec}, ${key.keyUsage}); WorkSpaces needs one.`;
  }
  return null;
}

export type KmsApi = ReturnType<typeof createKmsApi>;

export function createKmsApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const region = clients.region;
  return {
    /** The key, or AWS's NotFoundException as a failure (kind "client"). */
    async describeKey(keyId: string, context?: CallContext): Promise<{ ok: true; key: KmsKeyInfo } | AwsFailure> {
      const result = await invokeAws(
        { callLog, service: "kms", region, operation: "DescribeKey", mutating: false, itemCount: 1, operationIds: context?.operationIds },
        () => clients.kms.send(new DescribeKeyCommand({ KeyId: keyId })),
      );
      if (!result.ok) return result;
      const m = result.output.KeyMetadata;
      return {
        ok: true,
        key: {
          keyId: m?.KeyId ?? keyId,
          arn: m?.Arn ?? keyId,
          keyState: m?.KeyState ?? "Unavailable",
          keySpec: m?.KeySpec ?? "UNKNOWN",
          keyUsage: m?.KeyUsage ?? "UNKNOWN",
          description: m?.Description ?? "",
        },
      };
    },
  };
}
