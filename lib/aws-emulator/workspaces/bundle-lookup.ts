/** Finds a bundle among the public catalogue and the account's own bundles. */
import type { EmulatorContext } from "../emulator-context";
import { PUBLIC_BUNDLES_BY_ID, type BundleRecord } from "./bundle-catalogue";

export function findBundle(ctx: EmulatorContext, bundleId: string): BundleRecord | undefined {
  return PUBLIC_BUNDLES_BY_ID.get(bundleId) ?? ctx.store.bundles.get(bundleId);
}
