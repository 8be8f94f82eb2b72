// The portal as deployed watches itself: every answer carries a request id, and the metrics port
// (PORTAL_METRICS_PORT, set by playwright.config.ts) follows what people do in the browser.
import { expect, test, USERS } from "./pages/portal";
import { prometheusSamples } from "@/test-support/prometheus-text";

const metricsUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 6}/metrics`;

test("a wrong password and page loads show on the metrics port; answers carry a request id", async ({ page, request }) => {
  const scrape = async () => prometheusSamples(await (await request.get(metricsUrl)).text());
  const failures = { method: "password", outcome: "failure" };
  const signInPage = { method: "GET", route: "/sign-in", status: "200" };
  const before = await scrape();

  const answer = await page.goto("/sign-in");
  expect(answer?.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByLabel("Email").fill(USERS.alice);
  await page.getByLabel("Password").fill("not-alices-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("#sign-in-error")).toHaveText("Wrong email address, user name or password.");

  const after = await scrape();
  expect(after("portal_sign_in_failures_total", failures)).toBe(before("portal_sign_in_failures_total", failures) + 1);
  expect(after("portal_http_request_duration_seconds_count", signInPage)).toBeGreaterThan(before("portal_http_request_duration_seconds_count", signInPage));
  // The queue gauges are there, read from the database.
  expect((await (await request.get(metricsUrl)).text())).toContain('portal_operations{type="CREATE",status="QUEUED"}');

  // A proxy's well-formed request id is kept, so its logs and ours line up.
  const proxied = await request.get("/sign-in", { headers: { "X-Request-Id": "proxy-req-0123456789" } });
  expect(proxied.headers()["x-request-id"]).toBe("proxy-req-0123456789");
});
