// The embedded demo's directory sign-in: the emulator's Simple AD (corp.example.com) cannot answer
// LDAP, so where Samba is installed a real AD domain controller answers for it, the same
// scripts/samba-test-dc.sh that the tests use (Simple AD is Samba too). It starts in the
// background: the portal is usable at once, directory accounts a few seconds later.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { PortalConfig } from "@/lib/config";

const SCRIPT = path.resolve(import.meta.dirname, "samba-test-dc.sh");

// The demo's group-to-role mapping (only where an admin has not mapped any directory group yet).
const DEMO_MAPPINGS = [
  { groupName: "Portal Admins", role: "ADMIN" },
  { groupName: "Portal Approvers", role: "APPROVER" },
] as const;

function sambaInstalled(): boolean {
  return spawnSync("sh", ["-c", "command -v samba && command -v samba-tool && command -v ldapsearch"], { stdio: "ignore" }).status === 0;
}

export async function startDemoDirectory(config: PortalConfig, db: PrismaClient): Promise<{ stop(): Promise<void> } | undefined> {
  // The demo's mapping holds whoever answers for the demo directory (this DC, or the tests' one).
  if (config.seedDemo && (await db.roleMapping.count({ where: { source: "DIRECTORY" } })) === 0) {
    await db.roleMapping.createMany({
      data: DEMO_MAPPINGS.map((m) => ({ source: "DIRECTORY" as const, groupName: m.groupName, groupKey: m.groupName.toLowerCase(), role: m.role })),
      skipDuplicates: true,
    });
  }
  const demo = config.directorySignIn.demo;
  if (!demo.enabled) return undefined;
  if (!sambaInstalled() || process.getuid?.() !== 0) {
    console.log(
      "Directory sign-in demo: off. It runs a Samba AD domain controller for corp.example.com, which needs root and the " +
        "Debian packages samba, samba-ad-provision and ldap-utils (PORTAL_DEMO_DIRECTORY=off silences this).",
    );
    return undefined;
  }
  const env = { ...process.env, SAMBA_TEST_ROOT: demo.root };
  console.log("Directory sign-in demo: starting a Samba AD domain controller for corp.example.com in the background…");
  const child = spawn("bash", [SCRIPT, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  child.on("exit", (code) => {
    if (code === 0) {
      const password = /SAMBA_TEST_PASSWORD=(.*)/.exec(output)?.[1] ?? "";
      console.log(
        `Directory sign-in demo: ready on ldaps://127.0.0.1:636. Sign in with a directory account (password "${password}"):\n` +
          "  EMPLOYEE alice.archer   (or alice.archer@corp.example.com, CORP\\alice.archer)\n" +
          "  APPROVER nina.nested    (Helpdesk, nested in Portal Approvers)\n" +
          "  ADMIN    carol.chief    (Portal Admins and Portal Approvers)\n" +
          "  refused: dave.disabled, erin.expired, mike.mustchange",
      );
    } else {
      console.log(`Directory sign-in demo: the domain controller did not start (the demo accounts still work):\n${output.trim().split("\n").slice(-5).join("\n")}`);
    }
  });
  return {
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      spawnSync("bash", [SCRIPT, "stop"], { env, stdio: "ignore" });
    },
  };
}
