import { getCurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { recordRefusal } from "@/lib/audit/refusals";
import { provisioningTemplateCsv } from "@/lib/bulk/csv";
import { templateExample } from "@/lib/bulk/queries";

// The documented CSV template, with a real directory and bundle from the catalogue in its examples.
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!can(user, "bulk.provision")) {
    await recordRefusal({ actor: user, action: "bulk.provision", code: "NOT_FOUND", via: "route" });
    return new Response("Not found.", { status: 404 });
  }
  return new Response(`\uFEFF${provisioningTemplateCsv(await templateExample())}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="bulk-provisioning-template.csv"',
      "cache-control": "no-store",
    },
  });
}
