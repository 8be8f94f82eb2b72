import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { listDirectoryUsers, type DirectoryUser } from "./ldap-admin";
import { parsePayload } from "@/lib/operations/payloads";
import { serviceConnectionFor, type UserDirectory } from "./service-account";

export type UserDirectoryRow = UserDirectory & { region: string };

export async function findUserDirectory(directoryId: string): Promise<UserDirectoryRow | null> {
  return db.directory.findUnique({ where: { id: directoryId }, select: { id: true, name: true, shortName: true, type: true, dnsIpAddresses: true, region: true } });
}

export type DirectoryUsersView =
  | { ok: true; users: DirectoryUser[]; more: boolean }
  | { ok: false; kind: "NOT_CONFIGURED" | "ERROR"; message: string };

/** The directory's users as its service account reads them (a read: allowed inside a web request). */
export async function readDirectoryUsers(directory: UserDirectory, search: string | undefined): Promise<DirectoryUsersView> {
  const connection = serviceConnectionFor(directory, getConfig());
  if (!connection.ok) return { ok: false, kind: "NOT_CONFIGURED", message: connection.message };
  const listed = await listDirectoryUsers(connection.conn, { search, limit: 200 });
  if (!listed.ok) return { ok: false, kind: "ERROR", message: listed.message };
  return listed;
}

export type DirectoryUserChange = {
  id: string;
  action: "CREATE" | "RESET_PASSWORD" | "DISABLE" | "ENABLE";
  userName: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
  error: string | null;
  createdAt: Date;
};

/** The latest changes to the directory's users (not from bulk jobs, which have their own page). */
export async function recentDirectoryUserChanges(directoryId: string, take = 20): Promise<DirectoryUserChange[]> {
  const ops = await db.operation.findMany({
    where: { type: "DIRECTORY_USER", directoryId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, status: true, payload: true, lastError: true, createdAt: true },
  });
  return ops.flatMap((op) => {
    const payload = parsePayload("DIRECTORY_USER", op.payload);
    if (!payload || payload.bulkJobId) return [];
    return [{ id: op.id, action: payload.action, userName: payload.userName, status: op.status, error: op.status === "FAILED" ? op.lastError : null, createdAt: op.createdAt }];
  });
}

export type ImportItem = { id: string; line: number | null; userName: string; status: DirectoryUserChange["status"]; error: string | null };

/** A CSV import's creates and how far they are. Null when the directory has no import with this id. */
export async function directoryUserImport(directoryId: string, jobId: string): Promise<ImportItem[] | null> {
  const ops = await db.operation.findMany({
    where: { type: "DIRECTORY_USER", directoryId, payload: { path: ["bulkJobId"], equals: jobId } },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, payload: true, lastError: true },
  });
  if (ops.length === 0) return null;
  return ops.map((op) => {
    const payload = parsePayload("DIRECTORY_USER", op.payload);
    return { id: op.id, line: payload?.line ?? null, userName: payload?.userName ?? "?", status: op.status, error: op.status === "FAILED" ? op.lastError : null };
  });
}
