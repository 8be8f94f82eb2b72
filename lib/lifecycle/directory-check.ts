// The periodic directory check for leavers: the portal's directory users are looked up over LDAP
// with each directory's service account (lib/directories/users). Disabled or removed there makes
// them leavers (their leave date: now). A leaver whose access an admin restored is cleared once
// the directory shows the account enabled again, so the check does not find them again meanwhile.

import type { PrismaClient } from "@/lib/db/generated/client";
import { recordAuditMany } from "@/lib/audit/mutations";
import { directoryAccountStates, type DirectoryConnection } from "@/lib/directories/users/ldap-admin";
import type { UserDirectory } from "@/lib/directories/users/service-account";
import { openLeavers } from "./leavers";

/** The connection for a directory, or null when none is set up (that directory is not checked). */
export type ConnectionFor = (directory: UserDirectory) => DirectoryConnection | null;

export interface DirectoryCheckSummary {
  checked: number;
  found: number;
  cleared: number;
  /** Directories that could not be checked, and why. */
  problems: { directoryId: string; message: string }[];
}

export async function checkDirectoriesForLeavers(db: PrismaClient, connectionFor: ConnectionFor, now: Date): Promise<DirectoryCheckSummary> {
  const summary: DirectoryCheckSummary = { checked: 0, found: 0, cleared: 0, problems: [] };
  const directories = await db.directory.findMany({ select: { id: true, name: true, shortName: true, type: true, dnsIpAddresses: true } });
  for (const directory of directories) {
    const conn = connectionFor(directory);
    if (!conn) continue;
    // People who signed in with this directory; only those with desktops can be leavers to act on.
    const people = await db.user.findMany({
      where: { directoryId: directory.id, directoryUserName: { not: null }, source: "DIRECTORY" },
      select: { id: true, directoryUserName: true, _count: { select: { desktops: { where: { terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } } } } } },
    });
    if (people.length === 0) continue;
    const answer = await directoryAccountStates(conn, people.map((p) => p.directoryUserName!));
    if (!answer.ok) {
      summary.problems.push({ directoryId: directory.id, message: answer.message });
      continue;
    }
    summary.checked += people.length;
    const missing = people.filter((p) => !answer.accounts.has(p.directoryUserName!.toLowerCase())).length;
    // Money and data: a service account that sees too little (a wrong base DN, a filtered view)
    // must not turn half the company into leavers.
    if (missing > 5 && missing * 2 > people.length) {
      summary.problems.push({ directoryId: directory.id, message: `${missing} of ${people.length} people were not found: check the service account's view of the directory. Nobody was marked as a leaver.` });
      continue;
    }
    const gone = people.flatMap((p) => {
      const account = answer.accounts.get(p.directoryUserName!.toLowerCase());
      if (account?.enabled || p._count.desktops === 0) return [];
      return [{ userId: p.id, source: "DIRECTORY", reason: account ? `disabled in ${directory.name}` : `removed from ${directory.name}`, leaveAt: now }];
    });
    summary.found += await db.$transaction((tx) => openLeavers(tx, gone));
    // Restored in the portal, and now enabled in the directory too: the case is over.
    const enabled = people.filter((p) => answer.accounts.get(p.directoryUserName!.toLowerCase())?.enabled).map((p) => p.id);
    const restored = await db.leaver.findMany({ where: { userId: { in: enabled }, clearedAt: null, restoredAt: { not: null } }, select: { id: true, userId: true } });
    if (restored.length) {
      await db.$transaction(async (tx) => {
        await tx.leaver.updateMany({ where: { id: { in: restored.map((r) => r.id) } }, data: { clearedAt: now } });
        await recordAuditMany(tx, restored.map((r) => ({ actor: null, action: "user.leaver.cleared", targetType: "user", targetId: r.userId, outcome: "SUCCESS" as const, message: `Enabled again in ${directory.name}` })));
      });
      summary.cleared += restored.length;
    }
  }
  await db.lifecycleSettings.upsert({ where: { id: "default" }, create: { id: "default", lastDirectoryCheckAt: now }, update: { lastDirectoryCheckAt: now } });
  return summary;
}
