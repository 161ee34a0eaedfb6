// Copies the duckdb-wasm bundles into public/duckdb so the browser SQL console works offline.
// The bundles are 70+ MB: they are git-ignored and rebuilt on every install.
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "node_modules/@duckdb/duckdb-wasm/dist");
const dest = join(root, "public/duckdb");
if (!existsSync(src)) {
  console.warn("copy-duckdb-wasm: @duckdb/duckdb-wasm is not installed; the SQL console will be unavailable");
  process.exit(0);
}
mkdirSync(dest, { recursive: true });
for (const f of ["duckdb-eh.wasm", "duckdb-mvp.wasm", "duckdb-browser-eh.worker.js", "duckdb-browser-mvp.worker.js"]) {
  cpSync(join(src, f), join(dest, f));
}
