/**
 * Search filters (parsed by ldapts's FilterParser) matched against the emulated entries the way AD
 * matches them: attribute names and string values without regard to case, DN-valued attributes
 * compared as DNs, objectCategory=person as shorthand for the class's DN, and AD's matching rules
 * LDAP_MATCHING_RULE_IN_CHAIN (nested groups) and the userAccountControl bit rules.
 */
import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from "ldapts";
import { normalizeDn, parseDn, type AttributeValue, type LdapEntry } from "./directory-entries";

const IN_CHAIN = "1.2.840.113556.1.4.1941";
const BIT_AND = "1.2.840.113556.1.4.803";
const BIT_OR = "1.2.840.113556.1.4.804";
const DN_ATTRIBUTES = new Set(["distinguishedname", "member", "memberof", "objectcategory"]);

export interface FilterContext {
  /** Entries by normalized DN, for the in-chain rule. */
  byDn: Map<string, LdapEntry>;
}

function values(entry: LdapEntry, attribute: string): AttributeValue[] {
  return entry.attributes.get(attribute.toLowerCase())?.values ?? [];
}

const text = (value: AttributeValue | undefined) => (Buffer.isBuffer(value) ? value.toString("latin1") : (value ?? ""));

function equal(attribute: string, stored: AttributeValue, wanted: AttributeValue): boolean {
  const name = attribute.toLowerCase();
  if (Buffer.isBuffer(stored)) return Buffer.isBuffer(wanted) ? stored.equals(wanted) : stored.toString("latin1") === wanted;
  const want = text(wanted);
  if (name === "objectcategory" && !want.includes("=")) {
    // AD accepts a class's name for its objectCategory DN (objectCategory=person).
    return parseDn(stored)?.[0]?.value.toLowerCase() === want.toLowerCase();
  }
  if (DN_ATTRIBUTES.has(name)) return normalizeDn(stored) === normalizeDn(want);
  return stored.toLowerCase() === want.toLowerCase();
}

function compare(stored: AttributeValue, wanted: string): number {
  const a = text(stored);
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(wanted)) {
    const diff = BigInt(a) - BigInt(wanted);
    return diff === 0n ? 0 : diff < 0n ? -1 : 1;
  }
  return a.toLowerCase().localeCompare(wanted.toLowerCase());
}

/** Whether `target` is reached from `entry` by following `attribute` (DN values) any number of times. */
function inChain(entry: LdapEntry, attribute: string, target: string, ctx: FilterContext): boolean {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const value of values(current, attribute)) {
      const dn = normalizeDn(text(value));
      if (dn === target) return true;
      if (seen.has(dn)) continue;
      seen.add(dn);
      const next = ctx.byDn.get(dn);
      if (next) queue.push(next);
    }
  }
  return false;
}

export function matches(filter: Filter, entry: LdapEntry, ctx: FilterContext): boolean {
  if (filter instanceof AndFilter) return filter.filters.every((f) => matches(f, entry, ctx));
  if (filter instanceof OrFilter) return filter.filters.some((f) => matches(f, entry, ctx));
  if (filter instanceof NotFilter) return !matches(filter.filter, entry, ctx);
  if (filter instanceof PresenceFilter) {
    // Every entry has an objectClass; "(objectClass=*)" is how clients ask for all.
    return values(entry, filter.attribute).length > 0;
  }
  if (filter instanceof EqualityFilter || filter instanceof ApproximateFilter) {
    return values(entry, filter.attribute).some((v) => equal(filter.attribute, v, filter.value));
  }
  if (filter instanceof SubstringFilter) {
    return values(entry, filter.attribute).some((v) => {
      let rest = text(v).toLowerCase();
      if (filter.initial) {
        if (!rest.startsWith(filter.initial.toLowerCase())) return false;
        rest = rest.slice(filter.initial.length);
      }
      for (const part of filter.any) {
        const at = rest.indexOf(part.toLowerCase());
        if (at < 0) return false;
        rest = rest.slice(at + part.length);
      }
      return !filter.final || rest.endsWith(filter.final.toLowerCase());
    });
  }
  if (filter instanceof GreaterThanEqualsFilter) return values(entry, filter.attribute).some((v) => compare(v, filter.value) >= 0);
  if (filter instanceof LessThanEqualsFilter) return values(entry, filter.attribute).some((v) => compare(v, filter.value) <= 0);
  if (filter instanceof ExtensibleFilter) {
    const attribute = filter.matchType;
    if (filter.rule === IN_CHAIN) return inChain(entry, attribute, normalizeDn(filter.value), ctx);
    if (filter.rule === BIT_AND || filter.rule === BIT_OR) {
      if (!/^\d+$/.test(filter.value)) return false;
      const mask = BigInt(filter.value);
      return values(entry, attribute).some((v) => {
        const n = /^-?\d+$/.test(text(v)) ? BigInt.asUintN(32, BigInt(text(v))) : null;
        if (n === null) return false;
        return filter.rule === BIT_AND ? (n & mask) === mask : (n & mask) !== 0n;
      });
    }
    // Without a rule: plain equality on the attribute.
    if (!filter.rule) return values(entry, attribute).some((v) => equal(attribute, v, filter.value));
    return false;
  }
  return false;
}
