// Billing months as AWS counts them: from 00:00 UTC on the 1st to 00:00 UTC on the next 1st.
// Everything here is UTC; a viewer's own zone is applied only when a time is shown.

export const HOUR_MS = 3_600_000;

export interface BillingMonth {
  /** "YYYY-MM" */
  key: string;
  start: Date;
  /** Exclusive: 00:00 UTC on the 1st of the following month. */
  end: Date;
  hours: number;
}

export function monthStartOf(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** 00:00 UTC on the 1st of the month after `at` (when an AlwaysOn → AutoStop switch takes effect). */
export function firstOfNextMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

export function billingMonthOf(at: Date): BillingMonth {
  const start = monthStartOf(at);
  const end = firstOfNextMonth(at);
  return { key: monthKey(start), start, end, hours: (end.getTime() - start.getTime()) / HOUR_MS };
}

export function monthKey(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** "2026-11" → that month; anything else → null. */
export function parseMonthKey(key: string): BillingMonth | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (!match) return null;
  return billingMonthOf(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

export function previousMonth(month: BillingMonth): BillingMonth {
  return billingMonthOf(new Date(month.start.getTime() - 1));
}

/** Hours between two instants (fractional), 0 when `to` is not after `from`. */
export function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / HOUR_MS);
}

/** Average weeks per month (365 / 12 / 7), for estimates from hours per week. */
export const WEEKS_PER_MONTH = 365 / 12 / 7;
