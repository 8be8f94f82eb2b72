// The checklist of a quick set-up: each step's state, what it made, AWS's words when it failed,
// and the desktops it queued.

import { db } from "@/lib/db/client";
import { parsePayload } from "@/lib/operations/payloads";
import { quickSetupAws } from "./aws";
import { workspacesSupports } from "./zones";
import { QUICK_SETUP_STEPS, readProgress, usersStillToCreate, type StepState } from "./payload";

export const STEP_LABELS: Record<(typeof QUICK_SETUP_STEPS)[number], string> = {
  vpc: "VPC",
  subnets: "Two subnets in two Availability Zones",
  "internet-gateway": "Internet gateway",
  routes: "Route to the internet",
  directory: "Simple AD",
  "directory-active": "Directory Active",
  registration: "Registered with WorkSpaces",
  users: "Users",
  desktops: "First desktops",
};

export interface ChecklistStep {
  key: string;
  label: string;
  state: StepState;
  detail?: string;
  error?: { code: string; message: string };
}

export interface QuickSetupView {
  id: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
  directoryName: string;
  directoryId?: string;
  vpcId?: string;
  steps: ChecklistStep[];
  users: string[];
  desktops: { id: string; userName: string; state: string; workspaceId: string | null; failure: string | null }[];
  needsPassword: boolean;
  createdAt: Date;
}

export async function loadQuickSetup(id: string): Promise<QuickSetupView | null> {
  const op = await db.operation.findFirst({ where: { id, type: "QUICK_SETUP" } });
  if (!op) return null;
  const payload = parsePayload("QUICK_SETUP", op.payload);
  if (!payload) return null;
  const progress = readProgress(op.result, payload);
  const desktops = progress.desktopIds?.length
    ? await db.desktop.findMany({ where: { id: { in: progress.desktopIds } }, include: { request: { select: { failureCode: true, failureMessage: true } } }, orderBy: { userName: "asc" } })
    : [];
  return {
    id: op.id,
    status: op.status,
    directoryName: payload.directory.name,
    directoryId: progress.directoryId,
    vpcId: progress.vpcId,
    steps: QUICK_SETUP_STEPS.map((key) => ({ key, label: STEP_LABELS[key], ...(progress.steps[key] ?? { state: "pending" as const }) })),
    users: payload.users.map((u) => u.userName),
    desktops: desktops.map((d) => ({
      id: d.id,
      userName: d.userName,
      state: d.state,
      workspaceId: d.workspaceId,
      failure: d.request?.failureCode ? `${d.request.failureCode}: ${d.request.failureMessage ?? ""}` : null,
    })),
    needsPassword: op.status === "FAILED" && (!progress.directoryId || usersStillToCreate(progress)),
    createdAt: op.createdAt,
  };
}

/** The quick set-up that created a directory, if one did. */
export async function quickSetupOfDirectory(directoryId: string): Promise<string | null> {
  const op = await db.operation.findFirst({ where: { type: "QUICK_SETUP", directoryId }, select: { id: true } });
  return op?.id ?? null;
}

/** What the form offers: the zones WorkSpaces supports in the region, and the available bundles. */
export async function loadQuickSetupChoices(): Promise<{ ok: true; zones: string[]; bundles: { id: string; name: string }[] } | { ok: false; message: string }> {
  const api = quickSetupAws();
  const zones = await api.portalNetwork.zones();
  if (!zones.ok) return { ok: false, message: `EC2 could not be read: ${zones.code}: ${zones.message}` };
  const bundles = await db.bundle.findMany({ where: { available: true, region: api.region }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  return { ok: true, zones: zones.zones.filter((z) => workspacesSupports(api.region, z.id)).map((z) => z.name), bundles };
}
