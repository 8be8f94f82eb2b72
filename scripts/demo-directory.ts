// The embedded demo's directory sign-in: the emulator's Simple AD (corp.example.com) answers LDAPS
// itself (lib/aws-emulator/ldap) with the accounts of lib/aws-emulator/demo-seed.ts, and the
// portal reaches it through PORTAL_LDAP_ENDPOINTS and PORTAL_LDAP_CA_FILE as set by lib/config,
// on the same code path as a real domain controller.
import type { PrismaClient } from "@/lib/db/generated/client";
import type { PortalConfig } from "@/lib/config";
import { DEMO } from "@/lib/aws-emulator/demo-seed";

// The demo's group-to-role mapping (only where an admin has not mapped any directory group yet).
const DEMO_MAPPINGS = [
  { groupName: "Portal Admins", role: "ADMIN" },
  { groupName: "Portal Approvers", role: "APPROVER" },
] as const;

export async function setUpDemoDirectory(config: PortalConfig, db: PrismaClient): Promise<void> {
  // The demo's mapping holds whoever answers for the demo directory (the emulator, or a DC named in PORTAL_LDAP_ENDPOINTS).
  if (config.seedDemo && (await db.roleMapping.count({ where: { source: "DIRECTORY" } })) === 0) {
    await db.roleMapping.createMany({
      data: DEMO_MAPPINGS.map((m) => ({ source: "DIRECTORY" as const, groupName: m.groupName, groupKey: m.groupName.toLowerCase(), role: m.role })),
      skipDuplicates: true,
    });
  }
  if (!config.seedDemo || !config.directorySignIn.demo.enabled) return;
  console.log(
    `Directory sign-in demo: sign in with a directory account of ${DEMO.directoryName} (password "${DEMO.signIn.password}"):\n` +
      `  EMPLOYEE alice.archer   (or alice.archer@${DEMO.directoryName}, CORP\\alice.archer)\n` +
      "  APPROVER nina.nested    (Helpdesk, nested in Portal Approvers)\n" +
      "  ADMIN    carol.chief    (Portal Admins and Portal Approvers)\n" +
      "  refused: dave.disabled, erin.expired, mike.mustchange, lars.locked",
  );
}
