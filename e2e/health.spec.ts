import { expect, test } from "@playwright/test";

// The web server's health checks: open to anyone (no sign-in redirect), uncached, and saying
// nothing but "ok" or which check failed (lib/health/readiness.ts; the failures are tested there).
test("/healthz and /readyz answer anonymously, uncached, with nothing sensitive", async ({ request }) => {
  const alive = await request.get("/healthz", { maxRedirects: 0 });
  expect(alive.status()).toBe(200);
  expect(await alive.json()).toEqual({ status: "ok" });
  expect(alive.headers()["cache-control"]).toBe("no-store");

  const ready = await request.get("/readyz", { maxRedirects: 0 });
  expect(ready.status()).toBe(200);
  // This server runs the worker in its process (PORTAL_WORKER on): its passes count too.
  expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", worker: "ok" } });
  expect(ready.headers()["cache-control"]).toBe("no-store");
  expect(ready.headers()["x-frame-options"]).toBe("DENY");
});
