// A price row as plain numbers, and what follows from it. Prices are data (BillingPrice rows the
// admin edits); nothing in the billing logic knows a figure of its own.

export interface Price {
  currency: string;
  alwaysOnMonthly: number;
  autoStopMonthly: number;
  autoStopHourly: number;
  /** Root + user GiB the fees include. */
  includedStorageGiB: number;
  /** Per GiB above includedStorageGiB, per month, in either mode. */
  storagePerGiBMonthly: number;
}

/** "region|computeType|platform", the key of a price row. */
export const priceKey = (region: string, computeType: string, platform: string) => `${region}|${computeType}|${platform}`;

/**
 * Hours per month above which AlwaysOn is cheaper than AutoStop:
 * (AlwaysOn monthly − AutoStop monthly) / AutoStop hourly. Infinity when hours cost nothing.
 */
export function breakEvenHours(price: Pick<Price, "alwaysOnMonthly" | "autoStopMonthly" | "autoStopHourly">): number {
  if (!(price.autoStopHourly > 0)) return Number.POSITIVE_INFINITY;
  return Math.max(0, (price.alwaysOnMonthly - price.autoStopMonthly) / price.autoStopHourly);
}

/** Extra storage charge for a full month (0 when the bundle's volumes are within what is included). */
export function extraStorageMonthly(price: Pick<Price, "includedStorageGiB" | "storagePerGiBMonthly">, storageGiB: number): number {
  return Math.max(0, storageGiB - price.includedStorageGiB) * price.storagePerGiBMonthly;
}

/** Full-month cost of each mode for a number of billable AutoStop hours (capped at the month's hours). */
export function fullMonthCosts(price: Price, autoStopHours: number, monthHours: number, storageGiB = 0) {
  const hours = Math.min(Math.max(0, autoStopHours), monthHours);
  const storage = extraStorageMonthly(price, storageGiB);
  return {
    hours,
    alwaysOn: price.alwaysOnMonthly + storage,
    autoStop: price.autoStopMonthly + hours * price.autoStopHourly + storage,
  };
}

/** Rounds money to cents for display and comparisons people read. */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** Money rates below a cent (hourly prices like 0.2150) keep up to 4 decimals. */
export function formatRate(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(amount);
}
