import { randomBytes } from "node:crypto";

/**
 * Resource identifiers in the shapes AWS uses (and the API model's patterns accept):
 * `ws-` + 9 lowercase alphanumerics, `d-` + 10 hex digits, `wsi-`/`wsb-` + 9 alphanumerics.
 */

const ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";

function randomChars(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

export const newWorkspaceId = () => `ws-${randomChars(ALNUM, 9)}`;
export const newDirectoryId = () => `d-${randomChars("0123456789abcdef", 10)}`;
export const newImageId = () => `wsi-${randomChars(ALNUM, 9)}`;
export const newBundleId = () => `wsb-${randomChars(ALNUM, 9)}`;
export const newIpGroupId = () => `wsipg-${randomChars(ALNUM, 9)}`;
export const newSecurityGroupId = () => `sg-${randomChars("0123456789abcdef", 17)}`;
export const newSubnetId = () => `subnet-${randomChars("0123456789abcdef", 17)}`;
export const newVpcId = () => `vpc-${randomChars("0123456789abcdef", 17)}`;
/** EC2 network resources: `<prefix>-` + 17 hex digits, like every EC2 id since 2018. */
export const newEc2Id = (prefix: string) => `${prefix}-${randomChars("0123456789abcdef", 17)}`;

/** The code users type into the WorkSpaces client; the prefix names the region (IAD = us-east-1). */
export const newRegistrationCode = () => `SLiad+${randomChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 6)}`;

/** Windows desktops get a NetBIOS-style computer name like the ones WorkSpaces assigns. */
export const newComputerName = () => `WSAMZN-${randomChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)}`;
