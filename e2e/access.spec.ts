import type { Page } from "@playwright/test";
import { RequestFormPage, expect, test } from "./pages/portal";

const PAGES = ["/", "/requests", "/requests/new", "/approvals", "/admin/fleet", "/admin/audit", "/admin/bulk", "/admin/bulk/new"] as const;
// Which roles may open which page; everything else answers "Not found".
const ALLOWED: Record<string, readonly string[]> = {
  alice: ["/", "/requests", "/requests/new"],
  carol: ["/", "/requests", "/requests/new", "/approvals", "/admin/fleet"],
  dave: PAGES,
};

async function isRefused(page: Page, path: string) {
  const response = await page.goto(path);
  // The page streams in: wait for its heading before reading it (isVisible does not wait).
  const heading = page.getByRole("main").getByRole("heading", { level: 1 }).first();
  await heading.waitFor();
  const notFound = (await heading.textContent())?.trim() === "Not found";
  return { status: response?.status(), notFound };
}

test("anonymous visitors are sent to sign-in from every page", async ({ page }) => {
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/sign-in/);
  }
});

test("the help page is open before signing in, linked from the sign-in page and from every portal page", async ({ page, signedIn }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Read the help" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { name: "How do I connect?" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Amazon WorkSpaces client" })).toHaveAttribute("href", "https://clients.amazonworkspaces.com/");

  const alice = await signedIn("alice");
  await alice.goto("/requests");
  await alice.getByRole("link", { name: "Help" }).click();
  await expect(alice.getByRole("heading", { name: "I cannot sign in" })).toBeVisible();
  await alice.getByRole("link", { name: "Back to the portal" }).click();
  await expect(alice.getByRole("heading", { name: "My desktops" })).toBeVisible();
});

for (const who of ["alice", "carol", "dave"] as const) {
  test(`pages a ${who === "alice" ? "employee" : who === "carol" ? "approver" : "admin"} may and may not open`, async ({ signedIn }) => {
    const page = await signedIn(who);
    for (const path of PAGES) {
      const { status, notFound } = await isRefused(page, path);
      if (ALLOWED[who].includes(path)) {
        expect(status, `${who} ${path}`).toBe(200);
        expect(notFound, `${who} ${path}`).toBe(false);
      } else {
        expect(status, `${who} ${path}`).toBe(404);
        expect(notFound, `${who} ${path}`).toBe(true);
      }
    }
  });
}

test("an employee cannot read another employee's request by id", async ({ signedIn }) => {
  const bob = await signedIn("bob");
  const requestId = await new RequestFormPage(bob).submitValid("Bob's private reasons for a desktop.");
  const alice = await signedIn("alice");
  const response = await alice.goto(`/requests/${requestId}`);
  expect(response?.status()).toBe(404);
  await expect(alice.getByText("Bob's private reasons")).toHaveCount(0);
  // The approver may read it.
  const carol = await signedIn("carol");
  await carol.goto(`/requests/${requestId}`);
  await expect(carol.getByTestId("justification")).toHaveText("Bob's private reasons for a desktop.");
  await new RequestFormPage(bob).cancel(requestId);
});
