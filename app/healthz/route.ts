import { NextResponse } from "next/server";

// Liveness: the process answers. Unauthenticated and says nothing else (lib/health/readiness.ts).
export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
