// fistudio seed [--force] [--no-genericize]: load the bundled sample (prisma/sample) if the database is empty.
import { openDatabase } from "../db/session";
import { seedIfEmpty } from "../db/seed";

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("usage: fistudio seed [--force] [--no-genericize]\n  Loads the bundled sample when the database is empty (--force: always; imports are idempotent).");
    return 0;
  }
  const s = await openDatabase({ log: (m) => console.error(m) });
  try {
    const seeded = await seedIfEmpty({ force: argv.includes("--force"), genericize: !argv.includes("--no-genericize"), log: (m) => console.log(m) });
    if (!seeded) console.log("database not empty: nothing to do (--force to load the sample anyway)");
    return 0;
  } finally {
    await s.close();
  }
}
