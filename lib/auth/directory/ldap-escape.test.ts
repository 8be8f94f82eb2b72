// Escaping of user-typed names: `*`, `(`, `)`, `\` and NUL never change what a search matches.
import { AndFilter, EqualityFilter, FilterParser, OrFilter } from "ldapts";
import { describe, expect, it } from "vitest";
import { baseDnOf, escapeDnValue, escapeFilterValue } from "./ldap-escape";
import { accountFilter, formatObjectGuid, groupsFilter } from "./ldap-bind";

const HOSTILE = ["*", "al*", "x)(objectClass=*", "a\\2a", "nul\0byte", "(|(sAMAccountName=*))", "o(brien)", "back\\slash"];

describe("escapeFilterValue (RFC 4515)", () => {
  it("escapes the five characters that carry meaning in a filter", () => {
    expect(escapeFilterValue("*()\\\0")).toBe("\\2a\\28\\29\\5c\\00");
    expect(escapeFilterValue("alice.archer")).toBe("alice.archer");
  });

  it("escapes non-ASCII as UTF-8 bytes", () => {
    expect(escapeFilterValue("zoë")).toBe("zo\\c3\\ab");
  });

  it.each(HOSTILE)("the account filter for %j stays one equality test on the name as typed", (name) => {
    // Parsed back by ldapts (the client that sends it), the filter has exactly the shape we wrote,
    // and the value compared is the typed name, byte for byte.
    const parsed = FilterParser.parseString(accountFilter({ sAMAccountName: name }));
    expect(parsed).toBeInstanceOf(AndFilter);
    const parts = (parsed as AndFilter).filters;
    expect(parts).toHaveLength(3);
    const byName = parts[2] as EqualityFilter;
    expect(byName).toBeInstanceOf(EqualityFilter);
    expect(byName.attribute).toBe("sAMAccountName");
    expect(Buffer.from(byName.value as string | Buffer).toString("utf8")).toBe(name);
  });

  it("the UPN form is one OR of two equality tests, whatever the name", () => {
    const name = "x)(objectClass=*";
    const parsed = FilterParser.parseString(accountFilter({ sAMAccountName: name, userPrincipalName: `${name}@corp.example.com` })) as AndFilter;
    const either = parsed.filters[2] as OrFilter;
    expect(either).toBeInstanceOf(OrFilter);
    expect(either.filters.map((f) => f.constructor)).toEqual([EqualityFilter, EqualityFilter]);
  });

  it("a DN with parentheses and a backslash stays one value in the group filter", () => {
    const dn = "CN=o(brien)\\, owen,CN=Users,DC=corp,DC=example,DC=com";
    expect(() => FilterParser.parseString(groupsFilter(dn))).not.toThrow();
    expect(groupsFilter(dn)).toContain("CN=o\\28brien\\29\\5c, owen");
  });
});

describe("escapeDnValue (RFC 4514)", () => {
  it("escapes separators, quotes and edge spaces", () => {
    expect(escapeDnValue('a,b+c"d\\e<f>g;h=i')).toBe('a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i');
    expect(escapeDnValue(" #lead")).toBe("\\ #lead");
    expect(escapeDnValue("#x ")).toBe("\\#x\\ ");
    expect(escapeDnValue("nul\0")).toBe("nul\\00");
  });

  it("builds a base DN from a DNS name", () => {
    expect(baseDnOf("corp.example.com")).toBe("DC=corp,DC=example,DC=com");
  });
});

describe("formatObjectGuid", () => {
  it("shows the first three fields little-endian, as AD does", () => {
    const bytes = Buffer.from("6ea9cce2c358194aaedae0c7b25ef4a0", "hex");
    expect(formatObjectGuid(bytes)).toBe("e2cca96e-58c3-4a19-aeda-e0c7b25ef4a0");
  });
});
