import { getCurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { recordRefusal } from "@/lib/audit/refusals";
import { listCostRows, listRequiredTagKeys } from "@/lib/billing/costs/queries";
import { costRowsToCsv } from "@/lib/billing/costs/csv";
import { billingMonthOf, parseMonthKey } from "@/lib/billing/month";

// The cost report as CSV, for admins only (checked here: the proxy is not a security boundary).
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!can(user, "billing.manage")) {
    await recordRefusal({ actor: user, action: "billing.manage", code: "FORBIDDEN", via: "route" });
    return new Response("Not allowed.", { status: 403 });
  }
  const now = new Date();
  const params = new URL(request.url).searchParams;
  const key = params.get("month");
  const groupBy = params.get("groupBy") || undefined;
  if (groupBy && !(await listRequiredTagKeys()).includes(groupBy)) return new Response("groupBy must be one of the directories' required tag keys.", { status: 400 });
  const requested = key ? parseMonthKey(key) : null;
  if (key && !requested) return new Response("month must look like 2026-11.", { status: 400 });
  const month = requested && requested.start <= now ? requested : billingMonthOf(now);
  const rows = await listCostRows(month, now);
  return new Response(costRowsToCsv(month.key, rows, groupBy), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="workspaces-costs-${month.key}.csv"`,
      "cache-control": "no-store",
    },
  });
}
