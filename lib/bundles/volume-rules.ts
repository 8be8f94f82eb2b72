// AWS's rules for a custom bundle's compute type and volumes. Root and user volume sizes come in
// fixed combinations: a root volume of 80 GB goes with a user volume of 10, 50 or 100 GB; larger
// root volumes (100 GB and up, to 2,000) go with user volumes of 100 GB and up, to 2,000.

import { z } from "zod";

export const BUNDLE_COMPUTE_TYPES = [
  { name: "VALUE", label: "Value (2 vCPU, 4 GiB)" },
  { name: "STANDARD", label: "Standard (2 vCPU, 8 GiB)" },
  { name: "PERFORMANCE", label: "Performance (4 vCPU, 16 GiB)" },
  { name: "POWER", label: "Power (8 vCPU, 32 GiB)" },
  { name: "POWERPRO", label: "PowerPro (16 vCPU, 64 GiB)" },
  { name: "GRAPHICS_G4DN", label: "Graphics.g4dn (4 vCPU, 16 GiB, 1 GPU)" },
  { name: "GRAPHICSPRO_G4DN", label: "GraphicsPro.g4dn (16 vCPU, 64 GiB, 1 GPU)" },
] as const;

type ComputeName = (typeof BUNDLE_COMPUTE_TYPES)[number]["name"];
const COMPUTE_NAMES = BUNDLE_COMPUTE_TYPES.map((c) => c.name) as [ComputeName, ...ComputeName[]];

export const computeTypeSchema = z.enum(COMPUTE_NAMES, "Choose a compute type.");

export const VOLUME_RULE_TEXT = "Root 80 GB with user 10, 50 or 100 GB; or root 100 to 2,000 GB with user 100 to 2,000 GB.";

/** Why AWS would refuse this pair, or null when it allows it. Keyed by the field to blame. */
export function volumeProblem(rootGiB: number, userGiB: number): { field: "rootVolumeGiB" | "userVolumeGiB"; message: string } | null {
  if (rootGiB === 80) {
    return [10, 50, 100].includes(userGiB) ? null : { field: "userVolumeGiB", message: "With an 80 GB root volume, AWS allows a user volume of 10, 50 or 100 GB." };
  }
  if (rootGiB < 100 || rootGiB > 2000) {
    return { field: "rootVolumeGiB", message: "AWS allows a root volume of 80 GB, or 100 to 2,000 GB." };
  }
  if (userGiB < 100 || userGiB > 2000) {
    return { field: "userVolumeGiB", message: `With a ${rootGiB} GB root volume, AWS allows a user volume of 100 to 2,000 GB.` };
  }
  return null;
}
