import type { Page } from "@playwright/test";
import { BulkUploadPage } from "./pages/bulk";
import { RequestFormPage, expect, test } from "./pages/portal";

// A phone in portrait (iPhone 12 to 15): 390 CSS pixels wide.
const PHONE = { width: 390, height: 844 };

/**
 * Problems with the page at the current width: a page wider than the screen, and controls a
 * person cannot reach by scrolling up and down (off to the side, or clipped inside a table that
 * scrolls sideways) or cannot click (covered by something else). Visually hidden controls
 * (sr-only, closed dialogs and menus) are not on screen and are skipped.
 */
async function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) problems.push(`the page is ${root.scrollWidth} px wide on a ${window.innerWidth} px screen`);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? "").trim().slice(0, 60) || el.getAttribute("name") || el.id}"`;
    const controls = [...document.querySelectorAll<HTMLElement>("a[href], button, input:not([type=hidden]), select, textarea, summary")];
    for (const el of controls) {
      // Not rendered: display none, visibility hidden, or inside a closed <details>.
      if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
      let rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue; // sr-only
      window.scrollTo({ left: 0, top: window.scrollY + rect.top - window.innerHeight / 2, behavior: "instant" });
      rect = el.getBoundingClientRect();
      if (rect.left < -0.5 || rect.right > window.innerWidth + 0.5) {
        problems.push(`${describe(el)} is off-screen (${Math.round(rect.left)} to ${Math.round(rect.right)} px)`);
        continue;
      }
      // Clipped by a container that scrolls or hides its overflow.
      let clipped = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === "visible" && s.overflowY === "visible") continue;
        const box = a.getBoundingClientRect();
        if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5) {
          problems.push(`${describe(el)} is hidden in a container that scrolls sideways`);
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      const x = rect.left + rect.width / 2;
      const y = rect.top + rect.height / 2;
      const hit = document.elementFromPoint(x, y);
      const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
      if (!hit || !(el === hit || el.contains(hit) || hit.contains(el) || el.closest("label")?.contains(hit) || label?.contains(hit)))
        problems.push(`${describe(el)} is covered by ${hit ? describe(hit) : "nothing"}`);
    }
    window.scrollTo({ left: 0, top: 0, behavior: "instant" });
    return problems;
  });
}

async function expectFitsPhone(page: Page, path: string, ready: () => Promise<void>) {
  if (path) await page.goto(path);
  await ready();
  expect.soft(await phoneProblems(page), `${path || page.url()} at ${PHONE.width} px`).toEqual([]);
}

test.describe("at phone width (390 px)", () => {
  test("the main menu is a menu button that opens, works by keyboard and closes on navigation", async ({ signedIn }) => {
    const dave = await signedIn("dave");
    await dave.setViewportSize(PHONE);
    await dave.goto("/");
    const menu = dave.getByRole("button", { name: "Menu" });
    const nav = dave.getByRole("navigation", { name: "Main" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Audit trail" })).toBeHidden();
    expect(await phoneProblems(dave)).toEqual([]);

    // Open, the menu lies over the page and shows every entry.
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    const controlled = await menu.getAttribute("aria-controls");
    expect(controlled).toBeTruthy();
    for (const name of ["My desktops", "My requests", "Approvals", "Fleet", "Bulk", "Audit trail", "Costs"]) {
      const link = dave.locator(`#${controlled}`).getByRole("link", { name, exact: true });
      await expect(link).toBeInViewport();
    }

    await nav.getByRole("link", { name: "Bulk" }).click();
    await expect(dave).toHaveURL(/\/admin\/bulk$/);
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Audit trail" })).toBeHidden();

    // Keyboard: Enter opens and moves into the menu; Escape closes and returns to the button.
    await menu.focus();
    await dave.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await dave.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "My desktops" })).toBeFocused();
    await dave.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    // At laptop width every entry shows and there is no menu button.
    await dave.setViewportSize({ width: 1280, height: 800 });
    await expect(menu).toBeHidden();
    for (const name of ["Approvals", "Fleet", "Bulk", "Audit trail", "Costs"]) await expect(nav.getByRole("link", { name, exact: true })).toBeInViewport();
  });

  test("every employee, approver and admin page fits the screen with every action reachable", async ({ signedIn }) => {
    test.setTimeout(240_000);
    const alice = await signedIn("alice");
    const requestId = await new RequestFormPage(alice).submitValid("Phone-width check: a desktop for the field team");
    await alice.setViewportSize(PHONE);
    const heading = (page: Page, name: string | RegExp) => () => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expectFitsPhone(alice, "/", heading(alice, /desktops/i));
    await expectFitsPhone(alice, "/requests", heading(alice, "My requests"));
    await expectFitsPhone(alice, "/requests/new", heading(alice, "Request a desktop"));
    await expectFitsPhone(alice, `/requests/${requestId}`, () => expect(alice.getByRole("main")).toContainText("Phone-width check"));
    await expectFitsPhone(alice, "/help", () => expect(alice.getByRole("heading", { level: 1 })).toBeVisible());

    const carol = await signedIn("carol");
    await carol.setViewportSize(PHONE);
    await expectFitsPhone(carol, "/approvals", async () => {
      await expect(carol.locator(`[data-request-id="${requestId}"]`).getByRole("button", { name: /^Approve/ })).toBeVisible();
    });
    await expectFitsPhone(carol, "/admin/billing/requests", heading(carol, /./));

    const dave = await signedIn("dave");
    // A bulk job of one desktop, for the job page.
    const upload = new BulkUploadPage(dave);
    const { directoryId, bundleId } = await upload.templateIds();
    const jobId = await upload.provision([`user0180,${directoryId},${bundleId},AUTO_STOP,1,`], 1);
    await dave.setViewportSize(PHONE);
    await expectFitsPhone(dave, `/admin/bulk/${jobId}`, () => expect(dave.getByTestId("job-progress")).toBeVisible());
    await expectFitsPhone(dave, "/admin/bulk", heading(dave, /bulk/i));
    await expectFitsPhone(dave, "/admin/bulk/new", heading(dave, "Provision desktops from a CSV file"));
    // The preview of a checked file, with an error and a warning.
    await upload.check("people.csv", `user_name,directory_id,bundle_id,running_mode,autostop_timeout_hours,tags\nghost0180,${directoryId},${bundleId},AUTO_STOP,1,\nuser0181,${directoryId},${bundleId},SOMETIMES,,\n`);
    await expectFitsPhone(dave, "", () => expect(upload.summary()).toBeVisible());
    await expectFitsPhone(dave, "/admin/billing", heading(dave, /./));
    await expectFitsPhone(dave, "/admin/billing/prices", () => expect(dave.getByRole("table", { name: "Prices" })).toBeVisible());
    await expectFitsPhone(dave, "/admin/billing/recommendations", heading(dave, /./));
    await expectFitsPhone(dave, "/admin/billing/requests", heading(dave, /./));
    await expectFitsPhone(dave, "/admin/audit", () => expect(dave.getByRole("table", { name: "Audit events" })).toBeVisible());
    await expectFitsPhone(dave, "/approvals", heading(dave, "Approvals"));
    await expectFitsPhone(dave, "/admin/users", () => expect(dave.getByRole("table", { name: "Users" })).toBeVisible());
    await dave.getByRole("table", { name: "Users" }).getByRole("link", { name: "Alice Employee" }).click();
    await expectFitsPhone(dave, "", heading(dave, "Alice Employee"));
    await expectFitsPhone(dave, "/admin/roles", heading(dave, "Roles from groups"));
    await expectFitsPhone(dave, "/admin/lifecycle", heading(dave, "Lifecycle"));
    await expectFitsPhone(dave, "/admin/ip-groups", heading(dave, "IP access control groups"));
    await expectFitsPhone(dave, "/admin/directories/d-9067000001", heading(dave, "corp.example.com"));
    await expectFitsPhone(dave, "/account", heading(dave, "Your account"));
    // A desktop's page, reached from the recommendations list.
    await dave.goto("/admin/billing/recommendations");
    const desktop = dave.locator('a[href^="/desktops/"]').first();
    const href = await desktop.getAttribute("href");
    await expectFitsPhone(dave, href!, () => expect(dave.getByRole("region", { name: "Status" })).toBeVisible());
    await new RequestFormPage(alice).cancel(requestId);
  });
});
