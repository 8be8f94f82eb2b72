import { getCurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { clientAddressFrom } from "@/lib/auth/client-address";
import { auditFilterSchema } from "@/lib/audit/queries";
import { exportAuditEvents } from "@/lib/audit/export";
import { recordRefusal } from "@/lib/audit/refusals";

// The audit events matching the page's filter, as CSV. Checked here, not only by the proxy: the
// trail names people and addresses, so it is for those who may read it (audit.read).
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!can(user, "audit.read")) {
    await recordRefusal({ actor: user, action: "audit.read", code: "NOT_FOUND", via: "route" });
    return new Response("Not found.", { status: 404 });
  }
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return new Response(parsed.error.issues.map((i) => i.message).join(" "), { status: 400 });
  const csv = await exportAuditEvents(user, parsed.data, clientAddressFrom(request.headers));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-trail-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
