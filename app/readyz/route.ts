import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { checkReadiness, HEALTH_HEADERS, readinessAnswer } from "@/lib/health/readiness";
import { processWorkerHeartbeat } from "@/lib/health/worker-heartbeat";

// Readiness: the database answers and is migrated, and the worker this process runs (PORTAL_WORKER=on)
// is passing. Unauthenticated: the answer names failed checks in a word, nothing more.
export const dynamic = "force-dynamic";

export async function GET() {
  const answer = readinessAnswer(await checkReadiness({ db, worker: processWorkerHeartbeat() }));
  return NextResponse.json(answer.body, { status: answer.status, headers: HEALTH_HEADERS });
}
