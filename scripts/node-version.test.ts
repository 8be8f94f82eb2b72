// The project runs on Node 22 or newer (AWS SDK v3 releases from January 2027 require it). npm
// scripts and npx find the `node` dev dependency in node_modules/.bin first, so even a machine whose
// own Node is 20 runs the tests, the build and the portal on 22.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "..", "package.json"), "utf8")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe("Node.js version", () => {
  it("runs the tests on Node 22 or newer, the version package.json requires", () => {
    const major = Number(process.versions.node.split(".")[0]);
    console.log(`tests run on Node ${process.version}`);
    expect(pkg.engines.node).toBe(">=22");
    expect(major).toBeGreaterThanOrEqual(22);
  });

  it("pins the Node binary and its types to the same major version", () => {
    expect(pkg.devDependencies.node).toMatch(/^22\.\d+\.\d+$/);
    expect(pkg.devDependencies["@types/node"]).toMatch(/^22\.\d+\.\d+$/);
  });
});
