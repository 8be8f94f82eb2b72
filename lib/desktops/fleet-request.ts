import { getCurrentUser, type SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { recordRefusal } from "@/lib/audit/refusals";
import { fleetFilterSchema, type FleetFilter } from "./schema";

/**
 * For the fleet's routes (live view, CSV export): who asks and which list, or the refusal to send.
 * Authorization is checked here, on the server: the proxy only redirects anonymous visitors.
 */
export async function readFleetRequest(request: Request): Promise<{ ok: true; user: SessionUser; filter: FleetFilter } | { ok: false; response: Response }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, response: new Response("Sign in first.", { status: 401 }) };
  if (!can(user, "fleet.read")) {
    await recordRefusal({ actor: user, action: "fleet.read", code: "NOT_FOUND", via: "route" });
    return { ok: false, response: new Response("Not found.", { status: 404 }) };
  }
  const parsed = fleetFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return { ok: false, response: new Response("Invalid fleet filter.", { status: 400 }) };
  return { ok: true, user, filter: parsed.data };
}
