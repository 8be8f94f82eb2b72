// Prisma 7 CLI configuration. `npm run generate` needs no database. Migrations are created and applied
// by the project's own offline tools (npm run db:migration:create / db:migrate; see lib/db/migrate.ts),
// but stay in Prisma's layout, so where Prisma's schema engine can be downloaded, `prisma migrate
// deploy|status` work too, against DATABASE_URL.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
