// Runs in the browser before the app's own modules. Zod compiles its object parsers with
// `new Function` where it may, and probes for it when a schema is built; the Content-Security-Policy
// (no 'unsafe-eval', proxy.ts) refuses it and reports the probe as a violation. Jitless: no probe.
import { config } from "zod";

config({ jitless: true });
