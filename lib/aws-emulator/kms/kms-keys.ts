/**
 * The KMS subset WorkSpaces volume encryption needs (KMS's JSON 1.1 protocol, X-Amz-Target
 * TrentService.<Operation>): CreateKey, CreateAlias, DescribeKey, ListKeys, ListAliases, DisableKey
 * and EnableKey. A key is named by its id, its ARN, an alias ("alias/name") or an alias ARN, as in
 * KMS. Every account holds the AWS managed key alias/aws/workspaces.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import type { KmsKeyRecord } from "../records";
import { int, list, str, struct } from "../shape-validation";

const KEY_ID = str({ min: 1, max: 2048 });
const TAGS = list(struct({ TagKey: str({ min: 1, max: 128 }), TagValue: str({ min: 0, max: 256 }) }, ["TagKey", "TagValue"]), { max: 50 });
const ALIAS_NAME = str({ min: 1, max: 256, pattern: "^alias/[a-zA-Z0-9/_-]+$" });
const MARKER = str({ min: 1, max: 1024, pattern: "^[\\u0020-\\u00FF]*$" });
const KEY_SPECS = ["SYMMETRIC_DEFAULT", "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2"] as const;

export const KMS_SHAPES = {
  CreateKey: struct({
    Description: str({ max: 8192 }),
    KeyUsage: str({ enum: ["SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"] }),
    KeySpec: str({ enum: KEY_SPECS }),
    Tags: TAGS,
  }),
  CreateAlias: struct({ AliasName: ALIAS_NAME, TargetKeyId: KEY_ID }, ["AliasName", "TargetKeyId"]),
  DescribeKey: struct({ KeyId: KEY_ID, GrantTokens: list(str()) }, ["KeyId"]),
  ListKeys: struct({ Limit: int({ min: 1, max: 1000 }), Marker: MARKER }),
  ListAliases: struct({ KeyId: KEY_ID, Limit: int({ min: 1, max: 100 }), Marker: MARKER }),
  DisableKey: struct({ KeyId: KEY_ID }, ["KeyId"]),
  EnableKey: struct({ KeyId: KEY_ID }, ["KeyId"]),
};

const notFound = (message: string) => new AwsError("NotFoundException", message);
const keyArn = (ctx: EmulatorContext, keyId: string) => `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`;
const aliasArn = (ctx: EmulatorContext, alias: string) => `arn:aws:kms:${ctx.region}:${ctx.accountId}:${alias}`;

/** The AWS managed key for WorkSpaces exists in every account (a fixed id, so restarts agree). */
const MANAGED_KEY_ID = "0f6a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";
function ensureManagedKey(ctx: EmulatorContext): void {
  if (ctx.store.kmsKeys.has(MANAGED_KEY_ID)) return;
  ctx.store.kmsKeys.set(MANAGED_KEY_ID, {
    KeyId: MANAGED_KEY_ID,
    Arn: keyArn(ctx, MANAGED_KEY_ID),
    Description: "Default key that protects my WorkSpaces when no other key is defined",
    KeyState: "Enabled",
    KeySpec: "SYMMETRIC_DEFAULT",
    KeyUsage: "ENCRYPT_DECRYPT",
    KeyManager: "AWS",
    CreationDate: Date.UTC(2024, 0, 15),
    aliases: ["alias/aws/workspaces"],
    seq: 0,
  });
  ctx.store.touch("kmsKeys", MANAGED_KEY_ID);
}

/** The key a KeyId names (key id, key ARN, alias name or alias ARN), or undefined. */
export function findKmsKey(ctx: EmulatorContext, reference: string): KmsKeyRecord | undefined {
  ensureManagedKey(ctx);
  const prefix = `arn:aws:kms:${ctx.region}:${ctx.accountId}:`;
  const local = reference.startsWith(prefix) ? reference.slice(prefix.length) : reference;
  if (local.startsWith("alias/")) return [...ctx.store.kmsKeys.values()].find((k) => k.aliases.includes(local));
  const id = local.startsWith("key/") ? local.slice(4) : local;
  return ctx.store.kmsKeys.get(id);
}

function requireKey(ctx: EmulatorContext, reference: string): KmsKeyRecord {
  const key = findKmsKey(ctx, reference);
  if (key) return key;
  if (reference.includes("alias/")) throw notFound(`Alias ${reference.startsWith("arn:") ? reference : aliasArn(ctx, reference)} is not found.`);
  throw notFound(`Key '${reference.startsWith("arn:") ? reference : keyArn(ctx, reference)}' does not exist`);
}

function metadata(key: KmsKeyRecord) {
  const symmetric = key.KeySpec === "SYMMETRIC_DEFAULT";
  return {
    AWSAccountId: key.Arn.split(":")[4],
    KeyId: key.KeyId,
    Arn: key.Arn,
    CreationDate: new Date(key.CreationDate),
    Enabled: key.KeyState === "Enabled",
    Description: key.Description,
    KeyUsage: key.KeyUsage,
    KeyState: key.KeyState,
    Origin: "AWS_KMS",
    KeyManager: key.KeyManager,
    CustomerMasterKeySpec: key.KeySpec,
    KeySpec: key.KeySpec,
    ...(symmetric ? { EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"] } : {}),
    MultiRegion: false,
  };
}

export function createKey(input: { Description?: string; KeyUsage?: string; KeySpec?: string }, ctx: EmulatorContext) {
  ensureManagedKey(ctx);
  const spec = input.KeySpec ?? "SYMMETRIC_DEFAULT";
  const usage = input.KeyUsage ?? (spec.startsWith("HMAC") ? "GENERATE_VERIFY_MAC" : "ENCRYPT_DECRYPT");
  if (spec === "SYMMETRIC_DEFAULT" && usage !== "ENCRYPT_DECRYPT") {
    throw new AwsError("ValidationException", `KeyUsage ${usage} is not compatible with KeySpec SYMMETRIC_DEFAULT.`);
  }
  const keyId = randomUUID();
  const key: KmsKeyRecord = {
    KeyId: keyId,
    Arn: keyArn(ctx, keyId),
    Description: input.Description ?? "",
    KeyState: "Enabled",
    KeySpec: spec,
    KeyUsage: usage,
    KeyManager: "CUSTOMER",
    CreationDate: ctx.now(),
    aliases: [],
    seq: ctx.store.kmsKeys.size,
  };
  ctx.store.kmsKeys.set(keyId, key);
  ctx.store.touch("kmsKeys", keyId);
  return { KeyMetadata: metadata(key) };
}

export function createAlias(input: { AliasName: string; TargetKeyId: string }, ctx: EmulatorContext) {
  if (input.AliasName.startsWith("alias/aws/")) throw new AwsError("NotAuthorizedException", "Aliases beginning with alias/aws/ are reserved for AWS managed keys.");
  if (findKmsKey(ctx, input.AliasName)) throw new AwsError("AlreadyExistsException", `An alias with the name ${aliasArn(ctx, input.AliasName)} already exists`);
  const key = requireKey(ctx, input.TargetKeyId);
  key.aliases.push(input.AliasName);
  ctx.store.touch("kmsKeys", key.KeyId);
  return {};
}

export function describeKey(input: { KeyId: string }, ctx: EmulatorContext) {
  return { KeyMetadata: metadata(requireKey(ctx, input.KeyId)) };
}

/** Markers are the index of the next key, as text. */
function page<T>(items: T[], limit: number | undefined, marker: string | undefined) {
  const start = marker ? Number(marker) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new AwsError("InvalidMarkerException", "The request was rejected because the marker that specifies where pagination should next begin is not valid.");
  const end = start + (limit ?? 100);
  return { slice: items.slice(start, end), ...(end < items.length ? { NextMarker: String(end), Truncated: true } : { Truncated: false }) };
}

const ordered = (ctx: EmulatorContext) => {
  ensureManagedKey(ctx);
  return [...ctx.store.kmsKeys.values()].sort((a, b) => a.seq - b.seq);
};

export function listKeys(input: { Limit?: number; Marker?: string }, ctx: EmulatorContext) {
  const { slice, ...rest } = page(ordered(ctx), input.Limit, input.Marker);
  return { Keys: slice.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), ...rest };
}

export function listAliases(input: { KeyId?: string; Limit?: number; Marker?: string }, ctx: EmulatorContext) {
  const keys = input.KeyId ? [requireKey(ctx, input.KeyId)] : ordered(ctx);
  const aliases = keys.flatMap((k) => k.aliases.map((alias) => ({ AliasName: alias, AliasArn: aliasArn(ctx, alias), TargetKeyId: k.KeyId })));
  const { slice, ...rest } = page(aliases, input.Limit, input.Marker);
  return { Aliases: slice, ...rest };
}

function setState(input: { KeyId: string }, ctx: EmulatorContext, state: "Enabled" | "Disabled") {
  const key = requireKey(ctx, input.KeyId);
  if (key.KeyManager === "AWS") throw new AwsError("NotAuthorizedException", "You cannot enable or disable an AWS managed key.");
  if (key.KeyState === "PendingDeletion") throw new AwsError("KMSInvalidStateException", `${key.Arn} is pending deletion.`);
  key.KeyState = state;
  ctx.store.touch("kmsKeys", key.KeyId);
  return {};
}

export const disableKey = (input: { KeyId: string }, ctx: EmulatorContext) => setState(input, ctx, "Disabled");
export const enableKey = (input: { KeyId: string }, ctx: EmulatorContext) => setState(input, ctx, "Enabled");
