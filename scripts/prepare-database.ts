// Once per deployment (scripts/multi-instance.ts): migrate the database and seed what the settings
// say (PORTAL_SEED_DEMO), then exit, so that the instances and workers start on a ready database.
import { getConfig } from "@/lib/config";
import { startServices } from "./start-services";

const services = await startServices({ ...getConfig(), worker: false });
await services.stop();
console.log("The database is migrated and seeded.");
