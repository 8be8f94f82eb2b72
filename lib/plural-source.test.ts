import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "aws-emulator" ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && entry.name !== "plural.ts" ? [full] : [];
  });
}

// Words shown to people are spelled with real plurals (lib/plural.ts), never "desktop(s)".
// "http(s)" is a URL scheme, not a plural; a method call like .includes(s) is code, not text.
it('no text in app/, lib/ or components/ says "word(s)"', () => {
  const found = ["app", "lib", "components"].flatMap((dir) =>
    sources(path.join(root, dir)).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ where: `${path.relative(root, file)}:${i + 1}`, line }))
        .filter(({ line }) => /[A-Za-z]\(s\)(?=[\s.,?:;!`"'<]|$)/.test(line.replace(/http\(s\)|\.\w+\(s\)/g, ""))),
    ),
  );
  expect(found.map((f) => `${f.where}: ${f.line.trim()}`)).toEqual([]);
});
