// Run by the Playwright webServer before the portal starts (the embedded database admits one
// process at a time): the test OpenID provider's admin group maps to ADMIN, as an admin would set it.
import { closeDb, db } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/migrate";
import { groupKey } from "@/lib/users/roles";
import { TEST_OIDC_ADMIN_GROUP } from "@/test-support/oidc-provider";

await ensureDatabase();
await db.roleMapping.upsert({
  where: { source_groupKey: { source: "SSO", groupKey: groupKey(TEST_OIDC_ADMIN_GROUP) } },
  create: { source: "SSO", groupName: TEST_OIDC_ADMIN_GROUP, groupKey: groupKey(TEST_OIDC_ADMIN_GROUP), role: "ADMIN" },
  update: { role: "ADMIN" },
});
await closeDb();
