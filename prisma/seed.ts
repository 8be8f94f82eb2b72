import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { hashPassword } from "@/lib/auth/password";
import { refreshCatalog } from "@/lib/catalog/mutations";
import { encryptTotpSecret } from "@/lib/mfa/secret-box";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./demo-accounts";
import { seedBillingDemo } from "@/lib/billing/seed";
import { seedResizeDemo } from "@/lib/desktops/resize/seed";

export async function seedDemo(db: PrismaClient, aws: AwsGateway, region: string) {
  const catalog = await refreshCatalog(db, aws, region);
  if (!catalog.ok) throw new Error(`Could not read the AWS catalogue for the demo: ${catalog.message}`);
  const directory = await db.directory.findFirst({ where: { registered: true, region }, orderBy: { name: "asc" } });
  if (!directory) throw new Error("The demo needs a directory registered with WorkSpaces; none was found.");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const { mfa, ...account } of DEMO_ACCOUNTS) {
    // Existing accounts keep their password, role and MFA: the seed only fills what is missing.
    const user = await db.user.upsert({
      where: { email: account.email },
      create: { ...account, passwordHash, directoryId: directory.id },
      update: {},
      select: { id: true, createdAt: true },
    });
    if (mfa) {
      await db.userMfa.upsert({
        where: { userId: user.id },
        create: { userId: user.id, secretEncrypted: encryptTotpSecret(DEMO_TOTP_SECRET), enabledAt: user.createdAt },
        update: {},
      });
    }
  }
  // Desktops with usage history, so the cost pages and recommendations have something to show.
  await seedBillingDemo(db);
  // A desktop of Alice's old enough for AWS to change its compute type or volumes.
  await seedResizeDemo(db);
  return { directory: directory.name, bundles: catalog.bundles };
}
