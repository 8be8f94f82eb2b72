// A clean-up's preview (read from AWS) and its progress.

import { db } from "@/lib/db/client";
import { parsePayload } from "@/lib/operations/payloads";
import { quickSetupAws } from "@/lib/directories/quick-setup/aws";
import { CLEAN_UP_STEPS, readCleanUpProgress } from "./payload";
import { readCleanUpPreview, type CleanUpPreview } from "./preview";

export async function loadCleanUpPreview(directoryId: string): Promise<{ ok: true; preview: CleanUpPreview } | { ok: false; missing: boolean; message: string }> {
  const read = await readCleanUpPreview(quickSetupAws(), directoryId);
  if (read.ok) return read;
  if (read.kind === "missing") return { ok: false, missing: true, message: "This directory does not exist in AWS (any more)." };
  return { ok: false, missing: false, message: `AWS could not be read: ${read.code}: ${read.message}` };
}

export const CLEAN_UP_LABELS: Record<(typeof CLEAN_UP_STEPS)[number], string> = {
  terminate: "Terminate the desktops",
  "desktops-gone": "Desktops gone",
  deregister: "Deregistered from WorkSpaces",
  "delete-directory": "Delete the directory",
  "directory-gone": "Directory gone",
  network: "Delete the portal's network",
};

export async function loadCleanUp(operationId: string) {
  const op = await db.operation.findFirst({ where: { id: operationId, type: "CLEAN_UP" } });
  if (!op) return null;
  const payload = parsePayload("CLEAN_UP", op.payload);
  if (!payload) return null;
  const progress = readCleanUpProgress(op.result, payload);
  return {
    id: op.id,
    status: op.status,
    directoryName: payload.directoryName,
    directoryId: payload.directoryId,
    steps: CLEAN_UP_STEPS.map((key) => ({ key, label: CLEAN_UP_LABELS[key], ...(progress.steps[key] ?? { state: "pending" as const }) })),
  };
}

/** The last clean-up of a directory, if any (the directory page links to it). */
export async function latestCleanUp(directoryId: string) {
  return db.operation.findFirst({ where: { type: "CLEAN_UP", directoryId }, orderBy: { createdAt: "desc" }, select: { id: true, status: true } });
}
