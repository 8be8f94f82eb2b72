// "1 request", "3 requests", "1,200 desktops": a count with its noun in the right number
// (English: one is singular, everything else plural).
export function plural(count: number, singular: string, pluralForm = `${singular}s`) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}
