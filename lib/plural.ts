// English plurals for counts shown to people ("1 desktop", "3 desktops"), never "desktop(s)".
// Client-safe. The portal speaks English, so the rules and the number format are en-US.
const rules = new Intl.PluralRules("en-US");

/** The word for `count`: `pluralWord(1, "desktop")` is "desktop", `pluralWord(2, "is", "are")` is "are". */
export function pluralWord(count: number, singular: string, pluralForm = `${singular}s`): string {
  return rules.select(count) === "one" ? singular : pluralForm;
}

/** The count and its word: `plural(1200, "desktop")` is "1,200 desktops". */
export function plural(count: number, singular: string, pluralForm?: string): string {
  return `${count.toLocaleString("en-US")} ${pluralWord(count, singular, pluralForm)}`;
}
