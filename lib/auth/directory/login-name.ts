// What a person types as their directory sign-in: "user@domain", "DOMAIN\user" or a plain "user".

export type LoginName =
  | { form: "upn"; userName: string; domain: string }
  | { form: "down-level"; userName: string; netbiosDomain: string }
  | { form: "plain"; userName: string };

/** Splits a sign-in name into its parts; null when it cannot be a directory account name. */
export function parseLoginName(input: string): LoginName | null {
  const value = input.trim();
  if (value.length === 0 || value.length > 256) return null;
  const backslash = value.indexOf("\\");
  if (backslash >= 0) {
    const netbiosDomain = value.slice(0, backslash);
    const userName = value.slice(backslash + 1);
    if (!netbiosDomain || !userName || userName.includes("\\") || userName.includes("@")) return null;
    return { form: "down-level", userName, netbiosDomain };
  }
  const at = value.lastIndexOf("@");
  if (at >= 0) {
    const userName = value.slice(0, at);
    const domain = value.slice(at + 1).toLowerCase();
    if (!userName || !domain) return null;
    return { form: "upn", userName, domain };
  }
  return { form: "plain", userName: value };
}
