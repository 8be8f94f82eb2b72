import { describe, expect, it } from "vitest";
import { plural, pluralWord } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(plural(1, "desktop")).toBe("1 desktop");
    expect(plural(0, "desktop")).toBe("0 desktops");
    expect(plural(2, "desktop")).toBe("2 desktops");
    expect(plural(1.5, "hour")).toBe("1.5 hours");
  });
  it("groups thousands and takes irregular plurals", () => {
    expect(plural(10_000, "desktop")).toBe("10,000 desktops");
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
  });
  it("gives the word alone, for verbs that agree with a count", () => {
    expect(pluralWord(1, "is", "are")).toBe("is");
    expect(pluralWord(4, "is", "are")).toBe("are");
    expect(pluralWord(2, "Column")).toBe("Columns");
  });
});
