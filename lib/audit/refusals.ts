import { headers } from "next/headers";
import { db } from "@/lib/db/client";
import { unexpected } from "@/lib/action-result";
import { clientAddressFrom } from "@/lib/auth/client-address";
import { recordAuditMany } from "./mutations";

export type Refusal = {
  actor: { id: string; email: string };
  /** The policy action that was refused, e.g. desktop.terminate or billing.manage. */
  action: string;
  targetType?: string;
  /** The id the caller asked for, as they sent it (it may not exist). */
  targetId?: string;
  code: "FORBIDDEN" | "NOT_FOUND";
  /** A server action or a route (a download). */
  via: "action" | "route";
};

/**
 * Records a refused call (forbidden, or not found for this caller) in the audit trail, so probing
 * for other people's desktops or admin pages is visible. Never throws: the caller's answer must not
 * change, or tell them anything, because the trail could not be written; that failure is logged.
 */
export async function recordRefusal(refusal: Refusal): Promise<void> {
  await recordRefusals([refusal]);
}

/** Several refusals of one call (e.g. a batch of request ids), in one statement; never throws either. */
export async function recordRefusals(refusals: Refusal[]): Promise<void> {
  if (refusals.length === 0) return;
  try {
    const ipAddress = await requestAddress();
    await recordAuditMany(
      db,
      refusals.map((refusal) => ({
        actor: refusal.actor,
        action: refusal.action,
        targetType: refusal.targetType,
        targetId: refusal.targetId?.slice(0, 200),
        outcome: "DENIED" as const,
        message: refusal.code === "NOT_FOUND" ? "Refused: not found, or not visible to this user" : "Refused: not allowed for this user's role",
        details: { code: refusal.code, via: refusal.via },
        ipAddress,
      })),
    );
  } catch (error) {
    unexpected(error);
  }
}

async function requestAddress(): Promise<string | null> {
  try {
    return clientAddressFrom(await headers());
  } catch {
    // Outside a request (tests, scripts) there are no headers.
    return null;
  }
}
