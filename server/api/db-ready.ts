// The studio process (server/start.ts) sets DATABASE_URL before Next starts. When the app runs some other way
// (for example `next dev` during development) DATABASE_URL must be set in the environment.
export async function ensureDatabaseReady(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the studio with `npm start` (it starts the embedded PostgreSQL).");
  }
}
