// Escaping for the two places a user-typed name meets LDAP syntax. This guards security: without
// it, a user name such as "*" or "x)(objectClass=*" would change which entries a search matches.

/**
 * RFC 4515 value escaping for a search filter: `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`,
 * `\29`, `\5c` and `\00`, so the value is compared literally. Non-ASCII characters are escaped as
 * their UTF-8 bytes, which every server accepts.
 */
export function escapeFilterValue(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    out += byte < 0x20 || byte > 0x7e || c === "*" || c === "(" || c === ")" || c === "\\" ? `\\${byte.toString(16).padStart(2, "0")}` : c;
  }
  return out;
}

/**
 * RFC 4514 escaping for an attribute value inside a distinguished name: `,`, `+`, `"`, `\`, `<`,
 * `>`, `;`, `=` and NUL anywhere, a leading space or `#`, a trailing space.
 */
export function escapeDnValue(value: string): string {
  let out = "";
  [...value].forEach((c, i, all) => {
    if (c === "\0") out += "\\00";
    else if (',+"\\<>;='.includes(c)) out += `\\${c}`;
    else if ((i === 0 && (c === " " || c === "#")) || (i === all.length - 1 && c === " ")) out += `\\${c}`;
    else out += c;
  });
  return out;
}

/** "corp.example.com" → "DC=corp,DC=example,DC=com". */
export function baseDnOf(dnsName: string): string {
  return dnsName
    .split(".")
    .filter(Boolean)
    .map((label) => `DC=${escapeDnValue(label)}`)
    .join(",");
}
