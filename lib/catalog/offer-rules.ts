// Which bundles an employee may request: the admin's offers, or on a fresh install (no offer yet)
// every current bundle. Client-safe and pure.
import type { Role } from "@/lib/db/generated/enums";
import { operatingSystemOf } from "./bundle-facts";

/** An admin's offer of a bundle; empty lists mean everyone and every directory. */
export type OfferAudience = { roles: Role[]; groups: string[]; directoryIds: string[] };
export type Requester = { role: Role; groups: string[]; directoryId: string | null };

/**
 * Outdated bundles, hidden unless an admin offers them: Windows 10 (end of support October 2025,
 * whatever server it is based on) and Amazon Linux 2 (end of support June 2026).
 */
export function isOutdatedBundle(bundle: { name: string }): boolean {
  const os = operatingSystemOf(bundle).toLowerCase();
  return os.includes("windows 10") || /^amazon linux 2$/.test(os);
}

/** Whether an offer reaches this person: their role or one of their groups (if either is named), and their directory. */
export function offerReaches(offer: OfferAudience, who: Requester): boolean {
  const groups = new Set(who.groups.map((g) => g.toLowerCase()));
  const byAudience =
    (offer.roles.length === 0 && offer.groups.length === 0) || offer.roles.includes(who.role) || offer.groups.some((g) => groups.has(g.toLowerCase()));
  const byDirectory = offer.directoryIds.length === 0 || (who.directoryId !== null && offer.directoryIds.includes(who.directoryId));
  return byAudience && byDirectory;
}

/**
 * The bundles this person may request, from AWS's current catalogue (available bundles only: one
 * AWS retired disappears even when offered). With no offer at all, the fresh-install default:
 * every current bundle that is not outdated, under AWS's own name.
 */
export function requestableBundles<B extends { id: string; name: string; available: boolean }>(
  bundles: B[],
  offers: (OfferAudience & { bundleId: string; displayName: string; description: string })[],
  who: Requester,
): (B & { displayName: string; offerDescription: string | null })[] {
  const live = bundles.filter((b) => b.available);
  if (offers.length === 0) return live.filter((b) => !isOutdatedBundle(b)).map((b) => ({ ...b, displayName: b.name, offerDescription: null }));
  const byBundle = new Map(offers.map((o) => [o.bundleId, o]));
  return live.flatMap((b) => {
    const offer = byBundle.get(b.id);
    return offer && offerReaches(offer, who) ? [{ ...b, displayName: offer.displayName, offerDescription: offer.description || null }] : [];
  });
}
