// Prisma's seed entry point (`prisma db seed` / `npx tsx prisma/seed.ts`): the bundled sample, idempotent.
import { openDatabase } from "../server/db/session";
import { seedIfEmpty } from "../server/db/seed";

const s = await openDatabase({ log: console.error });
try {
  const seeded = await seedIfEmpty({ force: process.argv.includes("--force"), log: console.error });
  console.log(seeded ? "sample loaded" : "database not empty: nothing to do (--force to load the sample anyway)");
} finally {
  await s.close();
}
