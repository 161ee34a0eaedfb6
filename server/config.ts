import { isAbsolute, join, resolve, sep } from "node:path";

/** Everything the user can configure, from the environment. One place so the CLI, worker and studio agree. */
export interface StudioConfig {
  host: string;
  port: number;
  /** Where the embedded PostgreSQL keeps its cluster, caches and run outputs live (unless overridden). */
  dataDir: string;
  /** Set: use this PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  /** Folders the server may read corpus files from and write outputs to. */
  dataRoots: string[];
  /** Where run outputs go (inside a data root). */
  outputDir: string;
  /** Caches (template indexes) */
  cacheDir: string;
  embeddedPgPort: number;
}

// The studio, CLI and workers run from the project folder (npm scripts and bin/fistudio.mjs make sure of it).
const projectRoot = process.env.FISTUDIO_ROOT ?? process.cwd();

export function loadConfig(env: NodeJS.ProcessEnv = process.env): StudioConfig {
  const dataDir = resolve(projectRoot, env.FISTUDIO_DATA_DIR ?? ".data");
  const outputDir = resolve(projectRoot, env.FISTUDIO_OUTPUT_DIR ?? join(dataDir, "runs"));
  const extraRoots = (env.FISTUDIO_DATA_ROOTS ?? "")
    .split(":")
    .filter(Boolean)
    .map((p) => resolve(projectRoot, p));
  return {
    host: env.HOST ?? "127.0.0.1",
    port: Number(env.PORT ?? 3000),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    dataRoots: [dataDir, join(projectRoot, "prisma", "sample"), outputDir, ...extraRoots],
    outputDir,
    cacheDir: join(dataDir, "cache"),
    embeddedPgPort: Number(env.FISTUDIO_PG_PORT || 54329),
  };
}

/** True when `path` is inside one of the configured data roots (after resolving `..`). */
export function isInsideDataRoots(config: StudioConfig, path: string): boolean {
  if (!isAbsolute(path)) path = resolve(path);
  const p = resolve(path);
  return config.dataRoots.some((root) => p === root || p.startsWith(root + sep));
}

export { projectRoot };
