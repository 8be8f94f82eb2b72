// Reads of the price list, as plain numbers. The price rows page is for admins; the bundles'
// prices are public list prices for the request form. Callers check access first.

import { db } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { breakEvenHours, priceKey, type Price } from "./price";

type Client = PrismaClient | Prisma.TransactionClient;

type PriceRowDb = Awaited<ReturnType<PrismaClient["billingPrice"]["findMany"]>>[number];

function toPrice(p: PriceRowDb): Price {
  return {
    currency: p.currency,
    alwaysOnMonthly: p.alwaysOnMonthly.toNumber(),
    autoStopMonthly: p.autoStopMonthly.toNumber(),
    autoStopHourly: p.autoStopHourly.toNumber(),
    includedStorageGiB: p.includedStorageGiB,
    storagePerGiBMonthly: p.storagePerGiBMonthly.toNumber(),
  };
}

export async function loadPriceIndex(client: Client = db): Promise<Map<string, Price>> {
  const rows = await client.billingPrice.findMany();
  return new Map(rows.map((p) => [priceKey(p.region, p.computeType, p.platform), toPrice(p)]));
}

export type PriceRowView = Price & {
  id: string;
  region: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  source: string;
  updatedAt: string;
  breakEvenHours: number;
  bundles: string[];
};

/** The price list with each row's break-even and the catalogue bundles it prices. */
export async function listPriceRows(): Promise<{ rows: PriceRowView[]; unpricedBundles: { id: string; name: string; region: string; computeType: string; platform: string }[] }> {
  const [rows, bundles] = await Promise.all([
    db.billingPrice.findMany({ orderBy: [{ region: "asc" }, { platform: "asc" }, { alwaysOnMonthly: "asc" }] }),
    db.bundle.findMany({ where: { available: true }, select: { id: true, name: true, region: true, computeType: true, platform: true }, orderBy: { name: "asc" } }),
  ]);
  const byKey = new Map<string, string[]>();
  for (const b of bundles) {
    const key = priceKey(b.region, b.computeType, b.platform);
    byKey.set(key, [...(byKey.get(key) ?? []), b.name]);
  }
  const keys = new Set(rows.map((p) => priceKey(p.region, p.computeType, p.platform)));
  return {
    rows: rows.map((p) => {
      const price = toPrice(p);
      return {
        ...price,
        id: p.id,
        region: p.region,
        computeType: p.computeType,
        platform: p.platform,
        source: p.source,
        updatedAt: p.updatedAt.toISOString(),
        breakEvenHours: breakEvenHours(price),
        bundles: byKey.get(priceKey(p.region, p.computeType, p.platform)) ?? [],
      };
    }),
    unpricedBundles: bundles.filter((b) => !keys.has(priceKey(b.region, b.computeType, b.platform))),
  };
}

export type BundlePrice = Price & { breakEvenHours: number; storageGiB: number };

/** Prices of the requestable bundles, by bundle id (bundles without a price are absent). */
export async function listBundlePrices(): Promise<Record<string, BundlePrice>> {
  const [bundles, prices] = await Promise.all([
    db.bundle.findMany({ where: { available: true }, select: { id: true, region: true, computeType: true, platform: true, rootVolumeGiB: true, userVolumeGiB: true } }),
    loadPriceIndex(),
  ]);
  const out: Record<string, BundlePrice> = {};
  for (const b of bundles) {
    const price = prices.get(priceKey(b.region, b.computeType, b.platform));
    if (price) out[b.id] = { ...price, breakEvenHours: breakEvenHours(price), storageGiB: b.rootVolumeGiB + b.userVolumeGiB };
  }
  return out;
}
