import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { USERS, expect, test } from "./pages/portal";

type Who = keyof typeof USERS;

/**
 * Tabs through the page and, for each control that takes focus, checks that focus shows (WCAG 2.4.7):
 * an outline of at least 2 px whose colour contrasts 3:1 with what it touches, namely the background
 * behind the control and, when the outline hugs the control, the control's own fill. A visually
 * hidden control (the segmented switch's radios) shows focus on its label.
 * Returns one line per control that fails, and the names of the controls visited.
 */
async function tabThrough(page: Page, maxStops = 80) {
  const failures: string[] = [];
  const visited: string[] = [];
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const result = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
      // Any CSS colour (lab(), oklch(), rgb()) to sRGB via the canvas.
      const rgba = (color: string) => {
        canvas.clearRect(0, 0, 1, 1);
        canvas.fillStyle = "#000";
        canvas.fillStyle = color;
        canvas.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
        return { r, g, b, a: a / 255 };
      };
      const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
        const c = [r, g, b].map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      };
      const contrast = (a: string, b: string) => {
        const [l1, l2] = [luminance(rgba(a)), luminance(rgba(b))].sort((x, y) => y - x);
        return (l1 + 0.05) / (l2 + 0.05);
      };
      const backgroundOf = (start: Element | null) => {
        for (let node = start; node; node = node.parentElement) {
          const bg = getComputedStyle(node).backgroundColor;
          if (rgba(bg).a > 0.5) return bg;
        }
        return "rgb(255, 255, 255)";
      };
      const hidden = el.getBoundingClientRect().width <= 1 || getComputedStyle(el).clipPath !== "none" || getComputedStyle(el).clip.startsWith("rect");
      const shown = hidden ? (el.closest("label") as HTMLElement | null) ?? el : el;
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") || shown.textContent || el.getAttribute("name") || el.id || "").trim().slice(0, 40)}"`;
      const style = getComputedStyle(shown);
      const width = parseFloat(style.outlineWidth);
      const offset = parseFloat(style.outlineOffset);
      if (style.outlineStyle === "none" || width < 2) return { name, problem: `no outline (${style.outlineStyle} ${style.outlineWidth})` };
      const touches = [backgroundOf(shown.parentElement)];
      // An outline drawn against the control's edge also touches the control's own fill.
      if (offset < 1 && rgba(style.backgroundColor).a > 0.5) touches.push(style.backgroundColor);
      // Read the settled ring, not a frame of a transition that is still running.
      for (const animation of shown.getAnimations()) animation.finish();
      const settled = getComputedStyle(shown).outlineColor;
      const worst = Math.min(...touches.map((bg) => contrast(settled, bg)));
      if (worst < 3) return { name, problem: `outline ${settled} contrasts ${worst.toFixed(2)}:1 with ${touches.join(" / ")}` };
      // A ring whose colour is transitioned fades in from the unfocused colour (white on a primary button).
      const transitioned = style.transitionProperty.split(", ").some((p) => p === "all" || p === "outline-color");
      if (transitioned && parseFloat(style.transitionDuration) > 0) {
        el.blur();
        for (const animation of shown.getAnimations()) animation.finish();
        const from = getComputedStyle(shown).outlineColor;
        el.focus();
        const start = Math.min(...touches.map((bg) => contrast(from, bg)));
        if (start < 3) return { name, problem: `outline fades in from ${from}, ${start.toFixed(2)}:1 with ${touches.join(" / ")}` };
      }
      return { name, problem: null };
    });
    if (!result) continue;
    if (visited.includes(result.name) && visited.length > 5 && result.name === visited[0]) break;
    visited.push(result.name);
    if (result.problem) failures.push(`${result.name}: ${result.problem}`);
  }
  return { failures, visited };
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe("keyboard focus is visible on every control", () => {
  test("request form: the system switch, the bundle cards, the fields and the primary button", async ({ signedIn }) => {
    const page = await signedIn("bob");
    await page.goto("/requests/new");
    await expect(page.getByRole("heading", { name: "Request a desktop" })).toBeVisible();
    const { failures, visited } = await tabThrough(page);
    expect(visited).toEqual(expect.arrayContaining([expect.stringMatching(/^input "Windows"/), expect.stringMatching(/^button "Submit request"/)]));
    expect(failures).toEqual([]);
  });

  test("home page: the primary link button", async ({ signedIn }) => {
    const page = await signedIn("alice");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "My desktops" })).toBeVisible();
    const { failures, visited } = await tabThrough(page, 30);
    expect(visited).toEqual(expect.arrayContaining([expect.stringMatching(/^a "Request a desktop"/)]));
    expect(failures).toEqual([]);
  });

  test("fleet page", async ({ signedIn }) => {
    const page = await signedIn("dave");
    await page.goto("/admin/fleet");
    await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
    const { failures, visited } = await tabThrough(page, 40);
    expect(visited.length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});

test.describe("axe finds no accessibility violations", () => {
  const pages: [Who, string, string][] = [
    ["bob", "/requests/new", "Request a desktop"],
    ["bob", "/", "My desktops"],
    ["bob", "/requests", "My requests"],
    ["carol", "/approvals", "Approvals"],
    ["dave", "/admin/fleet", "Fleet"],
    ["dave", "/admin/billing", "Costs"],
    ["dave", "/admin/users", "Users"],
    ["dave", "/admin/roles", "Roles from groups"],
    ["dave", "/admin/ip-groups", "IP access control groups"],
    ["dave", "/admin/directories/d-9067000001", "corp.example.com"],
    ["bob", "/account", "Your account"],
  ];
  for (const [who, path, heading] of pages) {
    test(`${path} as ${who}`, async ({ signedIn }) => {
      const page = await signedIn(who);
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      expect(await axe(page)).toEqual([]);
    });
  }

  test("/requests/new after an invalid submit", async ({ signedIn }) => {
    const page = await signedIn("bob");
    await page.goto("/requests/new");
    await page.getByRole("button", { name: "Submit request" }).click();
    await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    expect(await axe(page)).toEqual([]);
  });
});
