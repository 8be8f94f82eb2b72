// Postgres text cannot hold U+0000, so a NUL typed or pasted into any field would fail deep in a
// query as an unexpected error. It is refused up front as bad input, at the field that has it.

export const NUL_MESSAGE = "This field contains a NUL character, which is not allowed. Remove it and try again.";

export const hasNul = (value: string) => value.includes("\u0000");

/** Field errors (keyed like zod's paths, "a.b.0") for every string in the input that holds a NUL. */
export function nulFieldErrors(input: unknown): Record<string, string> | null {
  const errors: Record<string, string> = {};
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === "string") {
      if (hasNul(value)) errors[path.join(".") || "_form"] = NUL_MESSAGE;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, String(index)]));
    } else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(input, []);
  return Object.keys(errors).length > 0 ? errors : null;
}
