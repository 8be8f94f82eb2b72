// Writes for the price list: one row per region, compute type and platform, audited with the
// figures before and after. Trusts its input; the caller checked billing.manage.

import type { Prisma } from "@/lib/db/generated/client";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import type { Actor, Tx } from "../mode-changes/mutations";

export interface PriceValues {
  region: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  currency: string;
  alwaysOnMonthly: number;
  autoStopMonthly: number;
  autoStopHourly: number;
  includedStorageGiB: number;
  storagePerGiBMonthly: number;
  source: string;
}

/** Creates a price row, or updates `priceId`. One row per region, compute type and platform. */
export async function savePrice(tx: Tx, actor: Actor, input: PriceValues & { priceId?: string }): Promise<{ ok: true; priceId: string } | ActionFailure> {
  const { priceId, ...values } = input;
  const clash = await tx.billingPrice.findUnique({
    where: { region_computeType_platform: { region: values.region, computeType: values.computeType, platform: values.platform } },
    select: { id: true },
  });
  if (clash && clash.id !== priceId) return conflict(`There is already a price for ${values.computeType} ${values.platform} in ${values.region}; edit that one.`);
  const before = priceId ? await tx.billingPrice.findUnique({ where: { id: priceId } }) : null;
  if (priceId && !before) return fail("NOT_FOUND", "The price was not found.");
  const row = before
    ? await tx.billingPrice.update({ where: { id: before.id }, data: { ...values, updatedById: actor.id } })
    : await tx.billingPrice.create({ data: { ...values, updatedById: actor.id } });
  await recordAudit(tx, {
    actor,
    action: before ? "billing.price.update" : "billing.price.create",
    targetType: "price",
    targetId: row.id,
    outcome: "SUCCESS",
    message: `${values.computeType} ${values.platform} in ${values.region}`,
    details: { before: before ? priceAudit(before) : null, after: priceAudit(row) },
  });
  return { ok: true, priceId: row.id };
}

function priceAudit(p: { currency: string; alwaysOnMonthly: Prisma.Decimal; autoStopMonthly: Prisma.Decimal; autoStopHourly: Prisma.Decimal; includedStorageGiB: number; storagePerGiBMonthly: Prisma.Decimal; source: string }) {
  return {
    currency: p.currency,
    alwaysOnMonthly: p.alwaysOnMonthly.toString(),
    autoStopMonthly: p.autoStopMonthly.toString(),
    autoStopHourly: p.autoStopHourly.toString(),
    includedStorageGiB: p.includedStorageGiB,
    storagePerGiBMonthly: p.storagePerGiBMonthly.toString(),
    source: p.source,
  };
}
