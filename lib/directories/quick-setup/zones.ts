// Availability Zones where WorkSpaces can place desktops, by zone id (zone names differ between
// accounts, ids do not). AWS documents these per region ("Availability Zones for Amazon
// WorkSpaces"); a region not listed here is not checked.
export const WORKSPACES_ZONE_IDS: Record<string, readonly string[]> = {
  "us-east-1": ["use1-az2", "use1-az4", "use1-az6"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-northeast-2": ["apne2-az1", "apne2-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2"],
  "ap-southeast-2": ["apse2-az1", "apse2-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az4"],
  "ca-central-1": ["cac1-az1", "cac1-az2"],
  "eu-central-1": ["euc1-az2", "euc1-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-west-2": ["euw2-az2", "euw2-az3"],
  "sa-east-1": ["sae1-az1", "sae1-az3"],
  "af-south-1": ["afs1-az1", "afs1-az2"],
};

export function workspacesSupports(region: string, zoneId: string): boolean {
  const ids = WORKSPACES_ZONE_IDS[region];
  return !ids || ids.includes(zoneId);
}
