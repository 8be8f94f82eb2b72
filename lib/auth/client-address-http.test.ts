// Security review item 2 at the HTTP level: a real server that stamps the client's address as the
// portal's own (scripts/start.ts) does, in front of the real credential check. A spoofed
// X-Forwarded-For, new each time or garbage, neither escapes the per-address limit nor reaches
// the audit trail.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { clientAddressFrom, stampClientAddress } from "./client-address";
import { SIGN_IN_THROTTLE } from "./sign-in-throttle";
import { verifyCredentials } from "./verify-credentials";

let db: PrismaClient;
let close: () => Promise<void>;
let server: http.Server;
let base: string;
// Three failures per address lock it; the per-account limit is out of the way (a new e-mail each time).
const rules = { ...SIGN_IN_THROTTLE, address: { ...SIGN_IN_THROTTLE.address, limit: 3 } };

beforeAll(async () => {
  ({ db, close } = await createTestDb());
  server = http.createServer((req, res) => {
    stampClientAddress(req, 0);
    const url = new URL(req.url ?? "/", "http://localhost");
    // As the sign-in action and Auth.js hand the request's headers on.
    const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
    void verifyCredentials(db, { email: url.searchParams.get("email"), password: "wrong-password", ipAddress: clientAddressFrom(headers) }, { rules }).then((verdict) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: verdict.ok, code: verdict.ok ? null : verdict.code }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await close?.();
});

async function attempt(email: string, forwardedFor: string) {
  const response = await fetch(`${base}/?email=${encodeURIComponent(email)}`, { headers: { "x-forwarded-for": forwardedFor, "x-real-ip": forwardedFor } });
  return (await response.json()) as { ok: boolean; code: string | null };
}

describe("the client address behind the portal's own server", () => {
  it("locks the address although every attempt claims another one, and audits the real one", async () => {
    const spoofs = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "not-an-address", "203.0.113.5"];
    const results = [];
    for (const [i, spoof] of spoofs.entries()) results.push(await attempt(`nobody${i}@example.com`, spoof));
    expect(results.map((r) => r.code)).toEqual(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "LOCKED", "LOCKED", "LOCKED"]);

    const audited = await db.auditEvent.findMany({ where: { action: "auth.sign_in" }, select: { ipAddress: true } });
    expect(new Set(audited.map((e) => e.ipAddress))).toEqual(new Set(["127.0.0.1"]));
  });
});
