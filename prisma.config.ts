import { defineConfig } from "prisma/config";

// Only `prisma generate` / `validate` are used (offline). Migrations are applied by server/db/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
