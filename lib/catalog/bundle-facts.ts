// What an employee compares desktop types by, read from the cached catalogue: the hardware of the
// compute type and how new the operating system is. Client-safe and pure.

/** AWS's compute types from smallest to largest, so a list reads as a ladder. */
export const COMPUTE_TYPES: readonly { id: string; label: string; vcpus: number; memoryGiB: number; gpu: boolean }[] = [
  { id: "VALUE", label: "Value", vcpus: 2, memoryGiB: 4, gpu: false },
  { id: "STANDARD", label: "Standard", vcpus: 2, memoryGiB: 8, gpu: false },
  { id: "PERFORMANCE", label: "Performance", vcpus: 4, memoryGiB: 16, gpu: false },
  { id: "POWER", label: "Power", vcpus: 8, memoryGiB: 32, gpu: false },
  { id: "POWERPRO", label: "PowerPro", vcpus: 16, memoryGiB: 64, gpu: false },
  { id: "GRAPHICS_G4DN", label: "Graphics.g4dn", vcpus: 4, memoryGiB: 16, gpu: true },
  { id: "GRAPHICSPRO_G4DN", label: "GraphicsPro.g4dn", vcpus: 16, memoryGiB: 64, gpu: true },
];

export function computeRank(computeType: string): number {
  const i = COMPUTE_TYPES.findIndex((c) => c.id === computeType);
  return i === -1 ? COMPUTE_TYPES.length : i;
}

/**
 * vCPUs and memory: AWS's own figures where the bundle's description states them ("2 vCPU 8GiB
 * Memory"), else those of its compute type; null for a compute type the portal does not know.
 */
export function hardwareOf(bundle: { computeType: string; description: string }): { vcpus: number; memoryGiB: number; gpu: boolean } | null {
  const known = COMPUTE_TYPES.find((c) => c.id === bundle.computeType);
  const stated = /(\d+)\s*vCPU[,\s]+(\d+(?:\.\d+)?)\s*GiB\s+Memory/i.exec(bundle.description);
  if (stated) return { vcpus: Number(stated[1]), memoryGiB: Number(stated[2]), gpu: known?.gpu ?? /\bGPU\b/.test(bundle.description) };
  return known ? { vcpus: known.vcpus, memoryGiB: known.memoryGiB, gpu: known.gpu } : null;
}

/** The operating system a bundle runs, from its name ("Standard with Windows Server 2022"). */
export function operatingSystemOf(bundle: { name: string }): string {
  return / with (.+)$/.exec(bundle.name)?.[1]?.trim() ?? "Other desktop types";
}

/**
 * How new an operating system is, as a year (higher is newer; 0 unknown), so newer systems are
 * offered first. Windows 10 is the oldest desktop Windows AWS offers, whatever server it is based
 * on, so every Windows 10 bundle comes after Windows 11 and Windows Server bundles.
 */
export function operatingSystemRelease(os: string): number {
  const text = os.toLowerCase();
  const number = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  if (text.includes("windows 10")) return 2015 + (number(/server (\d{4})/) % 100) / 100;
  if (text.includes("windows 11")) return 2021.9;
  if (/windows server \d{4}/.test(text)) return number(/windows server (\d{4})/);
  if (/ubuntu \d{2}\.\d{2}/.test(text)) {
    const [, year, month] = /ubuntu (\d{2})\.(\d{2})/.exec(text)!;
    return 2000 + Number(year) + Number(month) / 100;
  }
  if (/amazon linux \d{4}/.test(text)) return number(/amazon linux (\d{4})/);
  if (/amazon linux 2\b/.test(text)) return 2018;
  if (/rocky linux \d/.test(text)) return 2013 + number(/rocky linux (\d+)/);
  if (/red hat|rhel/.test(text)) return 2013 + number(/(?:red hat enterprise linux|rhel) (\d+)/);
  return 0;
}

/** Newest operating system first; within one system, smallest compute type first. */
export function compareBundles(a: { name: string; computeType: string }, b: { name: string; computeType: string }): number {
  const [osA, osB] = [operatingSystemOf(a), operatingSystemOf(b)];
  return (
    operatingSystemRelease(osB) - operatingSystemRelease(osA) ||
    osA.localeCompare(osB) ||
    computeRank(a.computeType) - computeRank(b.computeType) ||
    a.name.localeCompare(b.name)
  );
}
