/** Finds a bundle among the public catalogue and the account's own bundles. */
import type { EmulatorContext } from "../emulator-context";
import { PUBLIC_BUNDLES_BY_ID, type BundleRecord } from "./bundle-catalogue";

/** Any bundle a desktop may be on, retired public bundles included (their desktops keep running). */
export function findBundle(ctx: EmulatorContext, bundleId: string): BundleRecord | undefined {
  return PUBLIC_BUNDLES_BY_ID.get(bundleId) ?? ctx.store.bundles.get(bundleId);
}

/** A bundle new desktops can be made from: AWS no longer launches retired public bundles. */
export function findLaunchableBundle(ctx: EmulatorContext, bundleId: string): BundleRecord | undefined {
  if (ctx.config.retiredBundleIds.includes(bundleId)) return undefined;
  const bundle = findBundle(ctx, bundleId);
  return bundle?.State === "AVAILABLE" ? bundle : undefined;
}
