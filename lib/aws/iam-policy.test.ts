// deploy/iam-policy.json, the IAM policy the README's deployment guide gives the portal, against the
// AWS operations the code sends: every SDK command lib/aws imports is allowed, and the policy allows
// no other call. What AWS needs on the portal's behalf (dependent actions) stays in its own statements.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const PREFIX: Record<string, string> = {
  "client-workspaces": "workspaces",
  "client-directory-service": "ds",
  "client-ec2": "ec2",
  "client-kms": "kms",
};

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string;
}

/** "workspaces:CreateWorkspaces" for every `XCommand` the portal's AWS code imports (value imports only). */
function actionsTheCodeSends(): string[] {
  const dir = path.join(root, "lib", "aws");
  const actions = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    for (const match of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*"@aws-sdk\/([a-z0-9-]+)"/g)) {
      if (match[1]) continue;
      const prefix = PREFIX[match[3]];
      for (const name of match[2].split(",").map((part) => part.trim().split(/\s+as\s+/)[0])) {
        if (!name.endsWith("Command") || name.startsWith("type ")) continue;
        expect(prefix, `${file} imports ${name} from @aws-sdk/${match[3]}, a client the policy test does not know`).toBeDefined();
        actions.add(`${prefix}:${name.slice(0, -"Command".length)}`);
      }
    }
  }
  return [...actions].sort();
}

const policy = JSON.parse(fs.readFileSync(path.join(root, "deploy", "iam-policy.json"), "utf8")) as {
  Version: string;
  Statement: Statement[];
};

describe("the IAM policy in deploy/iam-policy.json", () => {
  it("allows exactly the AWS operations the portal's code sends, in its PortalCalls statement", () => {
    const sent = actionsTheCodeSends();
    expect(sent.length).toBeGreaterThan(40);
    const portalCalls = policy.Statement.find((statement) => statement.Sid === "PortalCalls");
    expect(portalCalls?.Effect).toBe("Allow");
    // A new call needs its line in the policy; a call the code dropped leaves the policy too.
    expect(portalCalls?.Action).toEqual(sent);
  });

  it("keeps what AWS needs on the portal's behalf apart, each statement explained in the README", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const sent = new Set(actionsTheCodeSends());
    const others = policy.Statement.filter((statement) => statement.Sid !== "PortalCalls");
    expect(others.map((statement) => statement.Sid)).toEqual([
      "DirectoryServiceNetworkOnPortalsBehalf",
      "WorkSpacesDirectoryRegistration",
      "TagsOnCreate",
      "EncryptedVolumes",
    ]);
    for (const statement of others) {
      expect(readme, `README explains ${statement.Sid}`).toContain(`\`${statement.Sid}\``);
      for (const action of statement.Action) expect(sent.has(action), `${action} is a portal call, not a dependent one`).toBe(false);
    }
    // Nothing broader than named actions: no wildcards.
    for (const statement of policy.Statement) for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
  });
});
