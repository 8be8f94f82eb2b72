import { getCurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { recordRefusal } from "@/lib/audit/refusals";
import { listAllBulkJobItems, loadBulkJobForPolicy } from "@/lib/bulk/queries";
import { toResultsCsv } from "@/lib/bulk/results-csv";

// A job's items with their outcome and AWS's errors, as CSV.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  const { id } = await params;
  const job = await loadBulkJobForPolicy(id);
  if (!job || !can(user, "bulk.job.read", job)) {
    await recordRefusal({ actor: user, action: "bulk.job.read", targetType: "bulkJob", targetId: id, code: "NOT_FOUND", via: "route" });
    return new Response("Not found.", { status: 404 });
  }
  const csv = toResultsCsv(job, await listAllBulkJobItems(job.id));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="bulk-job-${job.id}-results.csv"`,
      "cache-control": "no-store",
    },
  });
}
