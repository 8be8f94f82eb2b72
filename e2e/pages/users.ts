import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/**
 * A second portal, started the way `npm start` starts one, with no demo: an empty database, so no
 * admin. Its own ports (the browser tests' port + 2 and + 3) and data folder. Start-up's own output
 * gives the first-admin setup link, as an operator would read it.
 */
export class NoDemoPortal {
  private child: ChildProcess | null = null;
  output = "";
  readonly url: string;
  readonly dataDir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(basePort: number) {
    const port = basePort + 2;
    this.url = `http://localhost:${port}`;
    this.dataDir = path.resolve(".data/e2e-no-demo");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      PORTAL_URL: this.url,
      AUTH_URL: this.url,
      PORTAL_DATA_DIR: this.dataDir,
      PORTAL_EMULATOR_PORT: String(port + 1),
      PORTAL_EMULATOR_SPEED: "test",
      PORTAL_SEED_DEMO: "off",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    delete env.DATABASE_URL;
    this.env = env;
  }

  reset() {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Starts it and waits until it serves; returns the setup link it printed, if any. */
  async start(): Promise<string | null> {
    this.output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout!.on("data", (chunk) => (this.output += chunk));
    child.stderr!.on("data", (chunk) => (this.output += chunk));
    const deadline = Date.now() + 180_000;
    while (!this.output.includes("WorkSpaces Portal is ready")) {
      if (child.exitCode !== null) throw new Error(`The second portal exited:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`The second portal did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The link is printed in the same breath as the ready line.
    await new Promise((r) => setTimeout(r, 1000));
    return this.output.match(/https?:\/\/\S+\/setup\?token=[\w-]+/)?.[0] ?? null;
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    this.child = null;
  }

  /** `npm run admin -- create --email … --name …` with the password on stdin (the portal must be stopped: one process per embedded database). */
  async createAdminFromShell(email: string, name: string, password: string) {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/admin.ts", "create", "--email", email, "--name", name], { env: this.env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.stdin.end(`${password}\n`);
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(output).toContain(`Admin ${email} created`);
    expect(code).toBe(0);
  }
}

export class UsersPage {
  constructor(private page: Page, private base = "") {}
  async open(query = "") {
    await this.page.goto(`${this.base}/admin/users${query}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  }
  rows() {
    return this.page.getByRole("table", { name: "Users" }).locator("tbody tr");
  }
  async search(text: string) {
    await this.page.getByRole("search").getByLabel("Search").fill(text);
    await this.page.getByRole("search").getByRole("button", { name: "Apply" }).click();
  }
  /** Opens a user's page from the list. */
  async openUser(name: string) {
    await this.page.getByRole("table", { name: "Users" }).getByRole("link", { name }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}

export class UserPage {
  constructor(private page: Page) {}
  role() {
    return this.page.getByTestId("account-role");
  }
  status() {
    return this.page.getByTestId("account-status");
  }
  async changeRole(to: string) {
    const card = this.page.getByRole("region", { name: "Role" });
    await card.getByLabel("Role", { exact: true }).selectOption({ label: to });
    await card.getByRole("button", { name: "Change role" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Change role" }).click();
    await expect(this.role()).toHaveText(to);
  }
  async disable() {
    await this.page.getByRole("region", { name: "Access" }).getByRole("button", { name: "Disable account" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Disable account" }).click();
    await expect(this.status()).toHaveText("Disabled");
  }
  sessionCount() {
    return this.page.getByTestId("session-count");
  }
  mfaState() {
    return this.page.getByTestId("mfa-state");
  }
  async endSessions() {
    await this.page.getByRole("region", { name: "Sessions" }).getByRole("button", { name: "End all sessions" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "End all sessions" }).click();
    await expect(this.sessionCount()).toHaveText("No open session.");
  }
  async resetMfa() {
    await this.page.getByRole("region", { name: "Two-step verification" }).getByRole("button", { name: "Reset two-step verification" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Reset two-step verification" }).click();
    await expect(this.mfaState()).toHaveText("Off.");
  }
  async resetPasswordGenerated(): Promise<string> {
    const card = this.page.getByRole("region", { name: "Password" });
    await card.getByRole("radio", { name: /Generate/ }).check();
    await card.getByRole("button", { name: "Reset password" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Reset password" }).click();
    const shown = this.page.getByTestId("generated-password");
    await expect(shown).toBeVisible();
    return (await shown.textContent())!.trim();
  }
}
