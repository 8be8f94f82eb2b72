// `npm run admin -- create`: the first admin, from a shell.
//
//   npm run admin -- create
//       With no admin yet: prints a one-time setup link (as start-up does; the previous link stops
//       working). Open it to create the admin in the browser.
//   npm run admin -- create --email ada@example.com --name "Ada Admin"
//       Creates a local admin account directly (also when admins exist: a break-glass account).
//       The password is asked twice on a terminal, or read from the first line of standard input
//       when that is not a terminal:  printf '%s\n' "$PASSWORD" | npm run admin -- create --email …
//
// It opens the configured database: PostgreSQL (DATABASE_URL), or the embedded one when the portal
// is not running (the embedded database allows one process at a time).
import readline from "node:readline";
import { parseArgs } from "node:util";
import { getConfig } from "@/lib/config";

const USAGE = `Usage:
  npm run admin -- create                                   print a one-time link that creates the first admin
  npm run admin -- create --email <e-mail> --name <name>    create a local admin (password from the terminal or stdin)`;

/** Ends the command with a message and exit status 1 (after the database is closed). */
class CommandError extends Error {}
function fail(message: string): never {
  throw new CommandError(message);
}

/** Reads a line from a terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    process.stdout.write(prompt);
    output._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function readStdinLine(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? "";
}

async function readPassword(): Promise<{ password: string; confirm: string }> {
  if (process.stdin.isTTY) {
    const password = await askHidden("Password: ");
    const confirm = await askHidden("Password again: ");
    return { password, confirm };
  }
  const password = await readStdinLine();
  return { password, confirm: password };
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || positionals[0] !== "create" || positionals.length > 1) fail(USAGE);
  if ((values.email === undefined) !== (values.name === undefined)) fail(`Give both --email and --name, or neither.\n${USAGE}`);

  const config = getConfig();
  const { closeDb, db } = await import("@/lib/db/client");
  const { ensureDatabase } = await import("@/lib/db/migrate");
  const { createLocalAdmin, issueSetupLink, needsFirstAdmin } = await import("@/lib/users/first-admin");
  try {
    await ensureDatabase();
    if (values.email === undefined) {
      if (!(await needsFirstAdmin(db))) fail("The portal already has an admin. To add a break-glass admin, give --email and --name.");
      const link = await issueSetupLink(db, config.portalUrl, { via: "cli" });
      console.log(`Create the first admin with this link (works once, until ${link.expiresAt.toISOString()}):\n  ${link.url}`);
      return;
    }
    const { newAdminSchema } = await import("@/lib/users/schema");
    const { hashPassword } = await import("@/lib/auth/password");
    const { password, confirm } = await readPassword();
    // The same rules as the setup page.
    const parsed = newAdminSchema.safeParse({ name: values.name, email: values.email, password, confirm });
    if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
    const passwordHash = await hashPassword(parsed.data.password);
    const created = await db.$transaction((tx) =>
      createLocalAdmin(tx, { name: parsed.data.name, email: parsed.data.email, passwordHash }, { action: "user.create", message: "Local admin created with npm run admin -- create" }),
    );
    if (!created.ok) fail(created.message);
    console.log(`Admin ${parsed.data.email} created. Sign in at ${config.portalUrl}/sign-in`);
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
