// End-to-end tests drive the real studio (`npm start`: embedded PostgreSQL, migrations, the bundled sample, Next)
// in Debian's Chromium, on a free port with a throwaway data directory, so every run starts from a fresh database.
import { defineConfig } from "@playwright/test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { freePort } from "./server/db/free-port";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// The config is evaluated again in every worker: the first evaluation chooses, later ones inherit through the env.
const port = Number((process.env.E2E_PORT ??= String(await freePort())));
const pgPort = Number((process.env.E2E_PG_PORT ??= String(await freePort())));
const ownDataDir = !process.env.E2E_DATA_DIR;
const dataDir = (process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "fistudio-e2e-")));
// E2E_BASE_URL: test an already running studio instead (no webServer), e.g. while developing.
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

/**
 * Safety net, in the runner process only, after the webServer was stopped: if the studio's embedded PostgreSQL
 * outlived it (its shutdown was cut short), stop it, then remove the throwaway data directory (E2E_KEEP_DATA=1 keeps it).
 */
function cleanUpAfterRun(dir: string, removeDir: boolean) {
  const dataPath = join(dir, "pg", "data");
  const pidFile = join(dataPath, "postmaster.pid");
  if (existsSync(pidFile)) {
    const [pidLine, dataLine] = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(pidLine);
    if (pid > 0 && resolve(dataLine ?? "") === resolve(dataPath)) {
      try {
        process.kill(pid, "SIGINT"); // PostgreSQL's "fast" shutdown
        const until = Date.now() + 10_000;
        while (Date.now() < until) {
          process.kill(pid, 0); // throws once it is gone
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        }
      } catch {
        /* gone */
      }
    }
  }
  if (removeDir && !process.env.E2E_KEEP_DATA) rmSync(dir, { recursive: true, force: true });
}

const g = globalThis as { fistudioE2eCleanup?: boolean };
if (!process.env.E2E_BASE_URL && !process.env.TEST_WORKER_INDEX && !g.fistudioE2eCleanup) {
  g.fistudioE2eCleanup = true;
  process.on("exit", () => cleanUpAfterRun(dataDir, ownDataDir));
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: external
    ? undefined
    : {
    // The path a user takes: npm start (builds the app on first start when needed).
    command: "npm start",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // First start: next build + embedded PostgreSQL init + sample load, on 2 cores.
    timeout: 420_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      HOST: "127.0.0.1",
      PORT: String(port),
      FISTUDIO_DATA_DIR: dataDir,
      FISTUDIO_PG_PORT: String(pgPort),
      // The e2e database is always the fresh embedded one, even when the shell has DATABASE_URL set.
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      // Small, so the test of the limit stays fast.
      FISTUDIO_MAX_UPLOAD_MB: "8",
    },
  },
});
