// What the desktop page says about a desktop's volume encryption (set at creation; it cannot
// change). Pure, so the words are tested with the query that feeds them.

export type VolumeEncryption = { root: boolean; user: boolean; key: string | null };

export function volumeEncryptionText(e: VolumeEncryption): string {
  if (!e.root && !e.user) return "Not encrypted";
  const volumes = e.root && e.user ? "System and user volumes" : e.root ? "System volume" : "User volume";
  return `${volumes} encrypted with KMS key ${e.key ?? "(not recorded)"}`;
}
