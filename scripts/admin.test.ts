// `npm run admin -- create` as its own process on an embedded database: with no admin it prints a
// setup link; with --email and --name it reads the password from standard input and creates the admin.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-admin-cli-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function admin(args: string[], stdin = ""): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORTAL_DATA_DIR: dir, PORTAL_URL: "https://portal.example.com", PORTAL_EMULATOR: "off", AWS_ENDPOINT_URL: "http://127.0.0.1:9" };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

async function inDb<T>(read: (db: ReturnType<typeof createDb>["db"]) => Promise<T>): Promise<T> {
  const handle = createDb({ pgliteDir: path.join(dir, "pglite") });
  try {
    return await read(handle.db);
  } finally {
    await handle.close();
  }
}

it("prints a setup link while there is no admin, then creates one from --email, --name and a password on stdin", async () => {
  const link = await admin(["create"]);
  expect(link.output).toMatch(/https:\/\/portal\.example\.com\/setup\?token=[\w-]{43}/);
  expect(link.code).toBe(0);
  expect(await inDb((db) => db.setupToken.count())).toBe(1);

  const weak = await admin(["create", "--email", "ada@example.com", "--name", "Ada Admin"], "short\n");
  expect(weak.code).toBe(1);
  expect(weak.output).toContain("at least 12 characters");

  const created = await admin(["create", "--email", "Ada@Example.com", "--name", "Ada Admin"], "a break-glass passphrase\n");
  expect(created.output).toContain("Admin ada@example.com created");
  expect(created.code).toBe(0);
  const ada = await inDb((db) => db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } }));
  expect(ada).toMatchObject({ role: "ADMIN", source: "LOCAL" });
  expect(await verifyPassword("a break-glass passphrase", ada.passwordHash!)).toBe(true);

  // An admin exists now: no link.
  const again = await admin(["create"]);
  expect(again.code).toBe(1);
  expect(again.output).toContain("already has an admin");
  // Each run opens and checks the database; on a busy machine that takes a while.
}, 400_000);
