// Default prices: the starting rows of the BillingPrice table, which admins then edit. Data, not
// logic: nothing reads these figures except the seed that copies them into the database.
//
// Source: AWS WorkSpaces pricing page (https://aws.amazon.com/workspaces/pricing/), us-east-1,
// list prices as of 2024-06, in USD; Windows bundles with the licence included, Linux bundles
// Amazon Linux 2 / Ubuntu. They were entered on a machine without internet access; each row's
// break-even, (AlwaysOn − AutoStop monthly) / hourly, agrees with the AWS Cost Optimizer for
// WorkSpaces default thresholds (Value 81 h, Standard 85 h, Performance 80 h, Power 92 h,
// PowerPro 78 h, Graphics.g4dn 334 h, GraphicsPro.g4dn 80 h). Check them against the pricing
// page for your region before relying on them; the admin page shows where each row came from.

export const PRICE_LIST_SOURCE = "AWS WorkSpaces pricing page, us-east-1, list prices as of 2024-06";
export const PRICE_LIST_REGION = "us-east-1";

export interface ListPrice {
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  alwaysOnMonthly: number;
  autoStopMonthly: number;
  autoStopHourly: number;
  /** The public bundle's root + user volumes, which the fees include. */
  includedStorageGiB: number;
}

/** Additional root or user volume storage, per GiB-month (either mode). */
export const STORAGE_PER_GIB_MONTHLY = 0.1;

export const LIST_PRICES: readonly ListPrice[] = [
  { computeType: "VALUE", platform: "WINDOWS", alwaysOnMonthly: 25, autoStopMonthly: 7.25, autoStopHourly: 0.22, includedStorageGiB: 90 },
  { computeType: "STANDARD", platform: "WINDOWS", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.3, includedStorageGiB: 130 },
  { computeType: "PERFORMANCE", platform: "WINDOWS", alwaysOnMonthly: 60, autoStopMonthly: 13, autoStopHourly: 0.59, includedStorageGiB: 180 },
  { computeType: "POWER", platform: "WINDOWS", alwaysOnMonthly: 80, autoStopMonthly: 19, autoStopHourly: 0.66, includedStorageGiB: 275 },
  { computeType: "POWERPRO", platform: "WINDOWS", alwaysOnMonthly: 137, autoStopMonthly: 19, autoStopHourly: 1.51, includedStorageGiB: 275 },
  { computeType: "GRAPHICS_G4DN", platform: "WINDOWS", alwaysOnMonthly: 502, autoStopMonthly: 25, autoStopHourly: 1.43, includedStorageGiB: 200 },
  { computeType: "GRAPHICSPRO_G4DN", platform: "WINDOWS", alwaysOnMonthly: 1108, autoStopMonthly: 66, autoStopHourly: 13.07, includedStorageGiB: 200 },
  { computeType: "VALUE", platform: "LINUX", alwaysOnMonthly: 21, autoStopMonthly: 7.25, autoStopHourly: 0.17, includedStorageGiB: 90 },
  { computeType: "STANDARD", platform: "LINUX", alwaysOnMonthly: 25, autoStopMonthly: 9.75, autoStopHourly: 0.19, includedStorageGiB: 130 },
  { computeType: "PERFORMANCE", platform: "LINUX", alwaysOnMonthly: 46, autoStopMonthly: 13, autoStopHourly: 0.41, includedStorageGiB: 180 },
  { computeType: "POWER", platform: "LINUX", alwaysOnMonthly: 67, autoStopMonthly: 19, autoStopHourly: 0.59, includedStorageGiB: 275 },
  { computeType: "POWERPRO", platform: "LINUX", alwaysOnMonthly: 124, autoStopMonthly: 19, autoStopHourly: 1.3, includedStorageGiB: 275 },
];
