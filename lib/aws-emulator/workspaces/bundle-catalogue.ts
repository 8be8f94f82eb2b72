/**
 * The public (owner AMAZON) bundle catalogue. Ids are fixed so portal configuration, seeds and tests
 * can name them. Volume sizes follow the public bundles: Value 80/10 GB, Standard 80/50,
 * Performance 80/100, Power and PowerPro 175/100, Graphics.g4dn and GraphicsPro.g4dn 100/100.
 */

export type ComputeName =
  | "VALUE"
  | "STANDARD"
  | "PERFORMANCE"
  | "POWER"
  | "POWERPRO"
  | "GRAPHICS_G4DN"
  | "GRAPHICSPRO_G4DN";

export interface BundleRecord {
  BundleId: string;
  Name: string;
  Owner: string;
  Description: string;
  ImageId: string;
  RootStorage: { Capacity: string };
  UserStorage: { Capacity: string };
  ComputeType: { Name: string };
  CreationTime: number;
  LastUpdatedTime: number;
  State: "AVAILABLE" | "PENDING" | "ERROR";
  BundleType: "REGULAR";
  /** Emulator-only: what a desktop made from this bundle reports in WorkspaceProperties. */
  operatingSystemName: string;
  osType: "WINDOWS" | "LINUX";
  protocols: string[];
  tags: { Key: string; Value?: string }[];
}

interface ComputeSpec {
  label: string;
  hardware: string;
  root: number;
  user: number;
}

export const COMPUTE_SPECS: Record<ComputeName, ComputeSpec> = {
  VALUE: { label: "Value", hardware: "2 vCPU 4GiB Memory", root: 80, user: 10 },
  STANDARD: { label: "Standard", hardware: "2 vCPU 8GiB Memory", root: 80, user: 50 },
  PERFORMANCE: { label: "Performance", hardware: "4 vCPU 16GiB Memory", root: 80, user: 100 },
  POWER: { label: "Power", hardware: "8 vCPU 32GiB Memory", root: 175, user: 100 },
  POWERPRO: { label: "PowerPro", hardware: "16 vCPU 64GiB Memory", root: 175, user: 100 },
  GRAPHICS_G4DN: { label: "Graphics.g4dn", hardware: "4 vCPU 16GiB Memory 1 GPU 16GiB Video Memory", root: 100, user: 100 },
  GRAPHICSPRO_G4DN: { label: "GraphicsPro.g4dn", hardware: "16 vCPU 64GiB Memory 1 GPU 16GiB Video Memory", root: 100, user: 100 },
};

interface OsLine {
  os: string;
  operatingSystemName: string;
  osType: "WINDOWS" | "LINUX";
  imageId: string;
  bundles: [ComputeName, string][];
}

const OS_LINES: OsLine[] = [
  {
    os: "Windows 10 (Server 2022 based)",
    operatingSystemName: "WINDOWS_SERVER_2022",
    osType: "WINDOWS",
    imageId: "wsi-oogw9j8uv",
    bundles: [
      ["VALUE", "wsb-uj9exd002"],
      ["STANDARD", "wsb-v7ko4r7f1"],
      ["PERFORMANCE", "wsb-7y5x2otlg"],
      ["POWER", "wsb-a5frhw29a"],
      ["POWERPRO", "wsb-sbsaidhqq"],
      ["GRAPHICS_G4DN", "wsb-0ndn79ek9"],
      ["GRAPHICSPRO_G4DN", "wsb-3yvzyig9j"],
    ],
  },
  {
    os: "Windows Server 2022",
    operatingSystemName: "WINDOWS_SERVER_2022",
    osType: "WINDOWS",
    imageId: "wsi-mo9ejfuuy",
    bundles: [
      ["VALUE", "wsb-igssaeaex"],
      ["STANDARD", "wsb-rpub5dw5d"],
      ["PERFORMANCE", "wsb-euglwni5y"],
      ["POWER", "wsb-j5sjlkoqe"],
      ["POWERPRO", "wsb-0sdrv02r4"],
      ["GRAPHICS_G4DN", "wsb-ykh81btf6"],
      ["GRAPHICSPRO_G4DN", "wsb-zf9i6fo9f"],
    ],
  },
  {
    os: "Windows 10 (Server 2019 based)",
    operatingSystemName: "WINDOWS_SERVER_2019",
    osType: "WINDOWS",
    imageId: "wsi-cv372lbpz",
    bundles: [
      ["VALUE", "wsb-mr9f4ukm4"],
      ["STANDARD", "wsb-r86kp89ig"],
      ["PERFORMANCE", "wsb-ddd6mrhm0"],
      ["POWER", "wsb-gypny7e7b"],
      ["POWERPRO", "wsb-nuxh45j61"],
    ],
  },
  {
    os: "Amazon Linux 2",
    operatingSystemName: "AMAZON_LINUX_2",
    osType: "LINUX",
    imageId: "wsi-z86m4denb",
    bundles: [
      ["VALUE", "wsb-a0i7ctwju"],
      ["STANDARD", "wsb-f8dj8akz1"],
      ["PERFORMANCE", "wsb-urtgw2tx7"],
      ["POWER", "wsb-t6k9hlyt2"],
      ["POWERPRO", "wsb-ihykw2l8w"],
    ],
  },
  {
    os: "Ubuntu 22.04",
    operatingSystemName: "UBUNTU_22_04",
    osType: "LINUX",
    imageId: "wsi-uvf5co2ie",
    bundles: [
      ["VALUE", "wsb-gxk7rxpql"],
      ["STANDARD", "wsb-ur6olch9z"],
      ["PERFORMANCE", "wsb-in7wejejz"],
      ["POWER", "wsb-zs3nm6221"],
      ["POWERPRO", "wsb-qaed7di11"],
    ],
  },
];

/** Catalogue timestamps are fixed so that describing them is deterministic. */
const CATALOGUE_CREATED = Date.UTC(2024, 0, 15) ;
const CATALOGUE_UPDATED = Date.UTC(2025, 5, 2);

export const PUBLIC_BUNDLES: readonly BundleRecord[] = OS_LINES.flatMap((line) =>
  line.bundles.map(([compute, bundleId]): BundleRecord => {
    const spec = COMPUTE_SPECS[compute];
    return {
      BundleId: bundleId,
      Name: `${spec.label} with ${line.os}`,
      Owner: "AMAZON",
      Description: `${spec.label} with ${line.os}, ${spec.hardware}, ${spec.root}GB Root, ${spec.user}GB User Storage`,
      ImageId: line.imageId,
      RootStorage: { Capacity: String(spec.root) },
      UserStorage: { Capacity: String(spec.user) },
      ComputeType: { Name: compute },
      CreationTime: CATALOGUE_CREATED,
      LastUpdatedTime: CATALOGUE_UPDATED,
      State: "AVAILABLE",
      BundleType: "REGULAR",
      operatingSystemName: line.operatingSystemName,
      osType: line.osType,
      protocols: ["WSP"],
      tags: [],
    };
  }),
);

export const PUBLIC_BUNDLES_BY_ID: ReadonlyMap<string, BundleRecord> = new Map(PUBLIC_BUNDLES.map((b) => [b.BundleId, b]));

/** The bundle most demos and tests use: "Standard with Windows 10 (Server 2022 based)". */
export const STANDARD_WINDOWS_BUNDLE_ID = "wsb-v7ko4r7f1";
