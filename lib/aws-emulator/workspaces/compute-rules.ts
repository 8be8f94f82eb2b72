/**
 * Compute and volume rules: which compute types a desktop may move between (graphics and
 * non-graphics families do not mix), which is "bigger", and which root/user volume sizes exist
 * (80 GB root with 10, 50 or 100 GB user; or larger volumes of at least 100 GB each, up to 2000).
 */

const GENERAL_RANK: Record<string, number> = { VALUE: 1, STANDARD: 2, PERFORMANCE: 3, POWER: 4, POWERPRO: 5 };
const GRAPHICS_RANK: Record<string, number> = { GRAPHICS_G4DN: 1, GRAPHICSPRO_G4DN: 2 };

export function computeFamily(name: string): "general" | "graphics" | undefined {
  if (name in GENERAL_RANK) return "general";
  if (name in GRAPHICS_RANK) return "graphics";
  return undefined;
}

/** Positive when `to` is bigger than `from`, negative when smaller (same family assumed). */
export function computeDirection(from: string, to: string): number {
  const rank = (n: string) => GENERAL_RANK[n] ?? GRAPHICS_RANK[n] ?? 0;
  return rank(to) - rank(from);
}

export function isValidVolumeCombination(rootGib: number, userGib: number): boolean {
  if (rootGib === 80) return userGib === 10 || userGib === 50 || userGib === 100;
  return rootGib >= 100 && rootGib <= 2000 && userGib >= 100 && userGib <= 2000;
}

const KMS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_+=,.@-]+|alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function isKmsKeyReference(key: string): boolean {
  return KMS_KEY.test(key);
}
