import { expect, type Page } from "@playwright/test";
import { plural } from "../../lib/plural";

export const HEADER = "user_name,directory_id,bundle_id,running_mode,autostop_timeout_hours,tags";

/** The emulator's control API (the portal's port + 1 in browser tests). */
export function emulatorUrl(page: Page, path: string) {
  const port = Number(new URL(page.url()).port || 3100) + 1;
  return `http://127.0.0.1:${port}${path}`;
}

export class BulkUploadPage {
  constructor(private page: Page) {}

  async open() {
    await this.page.goto("/admin/bulk/new");
    await expect(this.page.getByRole("heading", { name: "Provision desktops from a CSV file" })).toBeVisible();
  }

  /** The directory and bundle ids of the downloadable template's first example row. */
  async templateIds(): Promise<{ directoryId: string; bundleId: string }> {
    const response = await this.page.request.get("/admin/bulk/template.csv");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const example = (await response.text()).split(/\r?\n/).find((line) => line.startsWith("jdoe,"));
    const [, directoryId, bundleId] = example!.split(",");
    return { directoryId, bundleId };
  }

  async choose(name: string, content: string | Buffer) {
    await this.page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: typeof content === "string" ? Buffer.from(content) : content });
  }

  async check(name: string, content: string | Buffer) {
    await this.choose(name, content);
    await this.page.getByRole("button", { name: "Check file" }).click();
  }

  summary() {
    return this.page.getByTestId("preview-summary");
  }

  error() {
    return this.page.getByTestId("upload-error");
  }

  row(line: number) {
    return this.page.locator(`tr[data-line="${line}"]`);
  }

  async showAllRows() {
    await this.page.getByRole("radio", { name: /^All rows/ }).check();
  }

  /** Confirms the preview's valid rows and returns the new job's id. */
  async confirm(count: number): Promise<string> {
    await this.page.getByRole("button", { name: `Create ${plural(count, "desktop")}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `Create ${plural(count, "desktop")}?` });
    await dialog.getByRole("button", { name: "Create desktops" }).click();
    // The job's page (not /admin/bulk/new, where the upload happens).
    await this.page.waitForURL(/\/admin\/bulk\/(?!new$)[^/?]+$/);
    return new URL(this.page.url()).pathname.split("/").pop()!;
  }

  /** Upload, check, confirm: the job id. */
  async provision(lines: string[], expectedValid: number): Promise<string> {
    await this.open();
    await this.check("people.csv", [HEADER, ...lines].join("\n"));
    await expect(this.summary()).toContainText(`${expectedValid} ready`);
    return this.confirm(expectedValid);
  }
}

export class BulkJobPage {
  constructor(private page: Page) {}

  async open(jobId: string) {
    await this.page.goto(`/admin/bulk/${jobId}`);
  }

  count(status: string) {
    return this.page.getByTestId("job-counts").locator(`[data-status="${status}"] dd`);
  }

  progress() {
    return this.page.getByTestId("job-progress");
  }

  /** Waits, without reloading (the page refreshes itself), until every item has finished. */
  async expectFinished(total: number, timeout = 150_000) {
    await expect(this.progress()).toHaveText(`${total} of ${total} finished`, { timeout });
  }

  failedItems() {
    return this.page.getByRole("region", { name: /^Failed items/ });
  }

  items() {
    return this.page.getByRole("region", { name: "Items", exact: true });
  }

  item(userName: string) {
    return this.items().locator(`tr[data-user="${userName}"]`);
  }

  async retryFailed(count: number) {
    await this.page.getByRole("button", { name: `Retry failed items (${count})` }).click();
    await this.page.getByRole("dialog", { name: `Retry ${plural(count, "failed item")}?` }).getByRole("button", { name: "Retry" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `${plural(count, "failed item")} queued again.` })).toBeVisible();
  }
}

export class FleetSelectionPage {
  constructor(private page: Page) {}

  async open(q: string) {
    await this.page.goto(`/admin/fleet?q=${encodeURIComponent(q)}`);
    await expect(this.page.getByRole("toolbar", { name: "Bulk actions" })).toBeVisible();
  }

  row(userName: string) {
    return this.page.locator("tr[data-desktop-id]").filter({ has: this.page.getByRole("link", { name: userName, exact: true }) });
  }

  async selectAllOnPage() {
    await this.page.getByRole("checkbox", { name: "Select all desktops on this page" }).check();
  }

  /** Opens the action's dialog (after the server has checked the selection). */
  async start(action: "Reboot" | "Start" | "Stop" | "Rebuild" | "Terminate" | "Retry create" | "Remove") {
    await this.page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: `${action}…` }).click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
