import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";
import { describeDirectoryCatalogue, type PortalDirectoryType, type RadiusView } from "@/lib/aws/directory-service";
import type { DirectorySettings } from "./settings";
import { DIRECTORY_OPERATIONS, type DirectoryOperationType } from "./mutations";

export type DirectoryView = {
  id: string;
  /** The directory's DNS name (its fully qualified domain name). */
  dnsName: string;
  netbiosName: string | null;
  type: PortalDirectoryType;
  /** Size (Small, Large) for Simple AD and AD Connector, edition (Standard, Enterprise) for Managed AD. */
  sizeOrEdition: string | null;
  /** Directory Service stage: Requested, Creating, Active, Failed, ... */
  stage: string;
  dnsAddresses: string[];
  vpcId: string | null;
  subnetIds: string[];
  /** WorkSpaces' registration state, or null when the directory is not registered. */
  registrationState: string | null;
  registrationCode: string | null;
  /** Desktops may be reached from a web browser (WorkSpaces' DeviceTypeWeb). */
  webAccess: boolean;
  /** Desktops the portal knows in this directory that are not terminated. */
  desktopCount: number;
  /** Device access, self-service, creation properties and IP groups; null when not registered. */
  settings: DirectorySettings | null;
  /** RADIUS MFA: Creating, Completed or Failed; null when off. */
  radiusStatus: string | null;
  radius: RadiusView | null;
};

export type DirectoryList = { ok: true; directories: DirectoryView[] } | { ok: false; message: string };

const TYPE_ORDER: Record<PortalDirectoryType, string> = { SIMPLE_AD: "Simple AD", AD_CONNECTOR: "AD Connector", MICROSOFT_AD: "Managed Microsoft AD" };

export function directoryTypeLabel(type: PortalDirectoryType): string {
  return TYPE_ORDER[type];
}

/**
 * Every Directory Service directory in the region joined with its WorkSpaces registration, read
 * from AWS at the moment (a read; the admin wants what AWS says now, e.g. while a directory is
 * Creating), and the portal's count of live desktops in each.
 */
export async function readDirectories(database: Pick<PrismaClient, "desktop">, aws: AwsGateway, region: string): Promise<DirectoryList> {
  const apis = aws.forRegion(region);
  const catalogue = await describeDirectoryCatalogue(apis.directoryService, apis.workspaces);
  // AWS's own code and message go to admins (only admins reach this): they say what to fix.
  if (!catalogue.ok) return { ok: false, message: `${catalogue.code}: ${catalogue.message}` };
  const counts = await database.desktop.groupBy({
    by: ["directoryId"],
    where: { state: { not: "TERMINATED" } },
    _count: { _all: true },
  });
  const countOf = new Map(counts.map((c) => [c.directoryId, c._count._all]));
  const directories = catalogue.directories
    .map((d) => ({
      id: d.directoryId,
      dnsName: d.name,
      netbiosName: d.shortName ?? null,
      type: d.type,
      sizeOrEdition: d.edition ?? d.size ?? null,
      stage: d.stage,
      dnsAddresses: d.dnsIpAddrs ?? [],
      vpcId: d.vpcId ?? null,
      subnetIds: d.subnetIds ?? [],
      registrationState: d.registrationState ?? null,
      registrationCode: d.registrationCode ?? null,
      webAccess: d.webAccess,
      desktopCount: countOf.get(d.directoryId) ?? 0,
      settings: d.settings ?? null,
      radiusStatus: d.radiusStatus ?? null,
      radius: d.radius ?? null,
    }))
    .sort((a, b) => a.dnsName.localeCompare(b.dnsName) || a.id.localeCompare(b.id));
  return { ok: true, directories };
}

/** readDirectories with the portal's own gateway and region (for pages). */
export async function listDirectories(): Promise<DirectoryList> {
  const aws = createConfiguredAwsGateway(db);
  try {
    return await readDirectories(db, aws, getConfig().awsRegion);
  } finally {
    aws.destroy();
  }
}

export async function findDirectory(id: string): Promise<DirectoryView | null | { error: string }> {
  const list = await listDirectories();
  if (!list.ok) return { error: list.message };
  return list.directories.find((d) => d.id === id) ?? null;
}

/** Desktops the portal knows in a directory that are not terminated (AWS refuses to deregister then). */
export async function countLiveDesktops(directoryId: string): Promise<number> {
  return db.desktop.count({ where: { directoryId, state: { not: "TERMINATED" } } });
}

export type DirectoryChangeView = {
  type: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | string;
  error: string | null;
  at: string;
};

/** The latest change the portal queued for a directory: pending until the worker applied it. */
export async function latestDirectoryChange(directoryId: string): Promise<DirectoryChangeView | null> {
  const op = await db.operation.findFirst({
    where: { directoryId, desktopId: null, type: { in: Object.keys(DIRECTORY_OPERATIONS) as DirectoryOperationType[] } },
    orderBy: { createdAt: "desc" },
  });
  if (!op) return null;
  return {
    type: op.type,
    status: op.status,
    error: op.lastErrorCode ? `${op.lastErrorCode}: ${op.lastError ?? ""}` : null,
    at: (op.completedAt ?? op.createdAt).toISOString(),
  };
}

const CHANGE_LABELS: Record<DirectoryOperationType, { pending: string; noun: string }> = {
  REGISTER_DIRECTORY: { pending: "Registering", noun: "registration" },
  DEREGISTER_DIRECTORY: { pending: "Deregistering", noun: "deregistration" },
  MODIFY_DIRECTORY_ACCESS: { pending: "Changing device access", noun: "change of device access" },
  MODIFY_DIRECTORY_SELF_SERVICE: { pending: "Changing self-service permissions", noun: "change of self-service permissions" },
  MODIFY_DIRECTORY_CREATION: { pending: "Changing creation properties", noun: "change of creation properties" },
  IP_GROUP_ASSOCIATION: { pending: "Changing IP access control groups", noun: "change of IP access control groups" },
  DIRECTORY_RADIUS: { pending: "Changing RADIUS MFA", noun: "change of RADIUS MFA" },
};

/** How the directory page names a queued or failed change. */
export function directoryChangeLabel(type: string): { pending: string; noun: string } {
  return CHANGE_LABELS[type as DirectoryOperationType] ?? { pending: "Changing the directory", noun: "change" };
}
