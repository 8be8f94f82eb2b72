// The vitest "unit" project (vitest.config.ts) sets PORTAL_TEST_PROJECT=unit: the helpers that open a
// database or start the emulator refuse to run there, so a slow test cannot slip into the quick loop.
export function requireIntegrationProject(what: string): void {
  if (process.env.PORTAL_TEST_PROJECT === "unit") {
    throw new Error(`${what} is not for unit tests: list this test file under "integration" in vitest.config.ts`);
  }
}
