// Runs end to end on a real PostgreSQL: a reference run, two worker processes on one run, a SIGKILL chaos run,
// cancel + resume, and a path outside the data roots refused. Every run uses the same seed and inputs, so every run
// must end with the same rows and the same per-shard checksums as the reference.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/helpers";
import { getPool } from "../db/pool";
import { PathRefusedError, registerCorpus } from "./corpus-files";
import { seedTemplates, writeCorpusFile, writeText } from "./fixtures";
import { readParts } from "./output";
import { cancelRun, createRun, getRun, resumeRun, startRun } from "./service";
import { startWorker, type WorkerHandle } from "./worker";
import { startTestDouble } from "../pipeline/model/test-double";

const DOCS = 240;
const SHARD = 40;
const RUN = { seed: 11, shardSize: SHARD, batchSize: 8, heartbeatTtlSec: 3, sampleRate: 0.05, templateFilter: { status: "active" as const, sources: ["fixture"] } };

let dataDir: string;
let corpusId: number;
let reference: { rows: number; checksums: Record<number, string> };
const children: ChildProcess[] = [];

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 150_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function waitStatus(id: number, statuses: string[]) {
  return waitFor(`run ${id} to be ${statuses.join("|")}`, async () => {
    const r = await getRun(id);
    return statuses.includes(r.status) ? r : null;
  });
}

function spawnWorker(): ChildProcess {
  // node --import tsx: the pid is the worker itself (npx would put a wrapper between us and SIGKILL).
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", "worker", "--quiet"], {
    cwd: process.cwd(),
    env: { ...process.env, FISTUDIO_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (d) => (err = (err + d).slice(-4000)));
  child.on("exit", (code, sig) => {
    if (code && code !== 0) console.error(`worker ${child.pid} exited ${code} ${sig ?? ""}\n${err}`);
  });
  children.push(child);
  return child;
}

function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once("exit", () => resolve());
    c.kill("SIGTERM");
    setTimeout(() => c.kill("SIGKILL"), 15_000).unref();
  });
}

async function shardChecksums(runId: number): Promise<Record<number, string>> {
  const { rows } = await getPool().query(`SELECT index, checksum FROM "RunShard" WHERE "runId" = $1 ORDER BY index`, [runId]);
  return Object.fromEntries(rows.map((r) => [r.index, r.checksum]));
}

/** The run's files and sample agree with the reference: same rows, same checksums, no duplicates, no temp files. */
async function expectSameAsReference(runId: number) {
  const r = await getRun(runId);
  expect(r.status).toBe("completed");
  expect(await shardChecksums(runId)).toEqual(reference.checksums);
  expect(r.outputRows).toBe(reference.rows);
  expect(r.processedDocuments).toBe(DOCS);
  const rows = await readParts(r.outputDir);
  expect(rows.length).toBe(reference.rows);
  const keys = new Set(rows.map((x) => `${x.shard_index}:${x.row_in_shard}`));
  expect(keys.size).toBe(rows.length);
  const pairs = new Set(rows.map((x) => `${x.warc_record_id}\u0000${x.template_id}\u0000${x.instantiated_instruction}`));
  expect(pairs.size).toBe(rows.length);
  const files = readdirSync(r.outputDir);
  expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
  expect(files.filter((f) => /^part-\d{5}\.parquet$/.test(f)).length).toBe(DOCS / SHARD);
  const { rows: dup } = await getPool().query(
    `SELECT count(*)::int AS n, count(DISTINCT ("shardIndex", ordinal))::int AS d FROM "SamplePair" WHERE "runId" = $1`,
    [runId],
  );
  expect(dup[0].n).toBe(dup[0].d);
  expect(dup[0].n).toBeGreaterThan(0);
  return r;
}

beforeAll(async () => {
  useTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "fistudio-runs-"));
  process.env.FISTUDIO_DATA_DIR = dataDir;
  const n = await seedTemplates(500, "fixture");
  expect(n).toBeGreaterThan(200);
  const file = await writeCorpusFile(join(dataDir, "corpora", "passages.jsonl"), DOCS);
  const reg = await registerCorpus({ name: "passages", paths: [file], license: "CC BY-SA 3.0" });
  expect(reg.documentCount).toBe(DOCS);
  expect(reg.sampleCount).toBe(DOCS); // small corpus: every document browsable
  corpusId = reg.corpusId;
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map(stopChild));
});

describe("corpus registration", () => {
  it("refuses a path outside the data roots, also through a symlink, with a clear message", async () => {
    await expect(registerCorpus({ name: "etc", paths: ["/etc/passwd"] })).rejects.toThrow(PathRefusedError);
    await expect(registerCorpus({ name: "etc", paths: ["/etc/passwd"] })).rejects.toThrow(/outside the data roots.*FISTUDIO_DATA_ROOTS/);
    const link = join(dataDir, "sneaky.jsonl");
    symlinkSync("/etc/hostname", link);
    await expect(registerCorpus({ name: "sneaky", paths: [link] })).rejects.toThrow(/outside the data roots/);
    await expect(registerCorpus({ name: "up", paths: [join(dataDir, "..", "..", "etc", "passwd")] })).rejects.toThrow(/outside the data roots/);
  });

  it("registers a folder of JSONL + CSV shards in order, counting rows, re-registration adds nothing", async () => {
    const dir = join(dataDir, "folder-corpus");
    await writeCorpusFile(join(dir, "a.jsonl"), 30);
    await writeText(join(dir, "b.csv"), "id,text,title\nx1,\"First, with a comma.\",T1\nx2,Second document.,T2\n");
    const r = await registerCorpus({ name: "folder", paths: [dir] });
    expect(r.files.map((f) => [f.format, f.rowCount])).toEqual([["jsonl", 30], ["csv", 2]]);
    expect(r.documentCount).toBe(32);
    const again = await registerCorpus({ name: "folder", paths: [dir] });
    expect(again.added).toBe(0);
    expect(again.documentCount).toBe(32);
    const { readFileRange } = await import("./reader");
    const { corpusFileRefs } = await import("./corpus-files");
    const rows = await readFileRange(await corpusFileRefs(r.corpusId), 28, 32);
    expect(rows.map((x) => x.doc?.id)).toEqual([expect.any(String), expect.any(String), "x1", "x2"]);
    expect(rows[2].doc?.text).toBe("First, with a comma.");
  });
});

describe("runs", () => {
  it("a reference run completes in-process with manifest, dataset card and per-shard checksums", async () => {
    const w = await startWorker({ concurrency: 1, log: () => undefined, reapIntervalMs: 500 });
    try {
      const { id } = await createRun({ ...RUN, corpusId });
      await startRun(id);
      const r = await waitStatus(id, ["completed", "failed"]);
      expect(r.status).toBe("completed");
      expect(r.outputRows).toBeGreaterThan(0);
      reference = { rows: r.outputRows, checksums: await shardChecksums(id) };
      expect(Object.keys(reference.checksums).length).toBe(DOCS / SHARD);
      const manifest = JSON.parse(readFileSync(join(r.outputDir, "manifest.json"), "utf8"));
      expect(manifest.counts.outputRows).toBe(r.outputRows);
      expect(manifest.shards.map((s: { checksum: string }) => s.checksum)).toEqual(Object.values(reference.checksums));
      expect(manifest.templateSetHash).toMatch(/^[0-9a-f]{16}$/);
      expect(manifest.config.settings.match.encoder).toBeTruthy();
      expect(manifest.counts.stages.documents).toBe(DOCS);
      const card = readFileSync(join(r.outputDir, "README.md"), "utf8");
      expect(card).toContain("CC BY-SA 3.0");
      expect(card).toContain("read_parquet");
      expect(card).toContain("load_dataset");
      expect(existsSync(join(r.outputDir, "templates.jsonl"))).toBe(true);
      // Pinned with their hubness on this corpus, estimated once at launch, which every shard's worker reads.
      const pinned = readFileSync(join(r.outputDir, "templates.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { hubness?: number });
      expect(pinned.every((t) => typeof t.hubness === "number")).toBe(true);
      expect(pinned.some((t) => t.hubness! > 0)).toBe(true);
      expect(card).toContain("hubness");
      // The run-wide cap holds: no template matched more than the cap over the whole run.
      const { templateUsage } = await import("./service");
      const u = await templateUsage(id, 5);
      expect(u.top[0].count).toBeLessThanOrEqual(u.cap);
      // Same rows again through the export.
      const { exportRun } = await import("./service");
      const ex = await exportRun(id);
      expect(ex.rows).toBe(r.outputRows);
    } finally {
      await w.stop();
    }
  });

  it("with a model server: the run records it (not its key) at creation, and the worker instantiates and judges there", async () => {
    const d = await startTestDouble({ apiKey: "secret-key-123" });
    const env = { FISTUDIO_MODEL_BASE_URL: d.url, FISTUDIO_MODEL: "fi-instantiator", FISTUDIO_MODEL_STAGES: "instantiate,judge", FISTUDIO_MODEL_JUDGE: "fi-judge", FISTUDIO_MODEL_API_KEY: "secret-key-123" };
    Object.assign(process.env, env);
    let w: WorkerHandle | null = null;
    try {
      const { id, config } = await createRun({ ...RUN, corpusId, documentLimit: SHARD });
      expect(config.model?.stages).toEqual({ instantiate: "", judge: "fi-judge" });
      // The worker takes the server from the run, and only the key from its own environment.
      delete process.env.FISTUDIO_MODEL_BASE_URL;
      w = await startWorker({ concurrency: 1, log: () => undefined, reapIntervalMs: 500 });
      await startRun(id);
      const r = await waitStatus(id, ["completed", "failed"]);
      expect(r.status).toBe("completed");
      expect(r.outputRows).toBeGreaterThan(0);
      const models = d.requests.filter((q) => q.path.endsWith("/chat/completions")).map((q) => (q.body as { model: string }).model);
      expect(models).toContain("fi-instantiator");
      expect(models).toContain("fi-judge");
      expect(d.requests.every((q) => q.authorization === "Bearer secret-key-123")).toBe(true);
      const manifestText = readFileSync(join(r.outputDir, "manifest.json"), "utf8");
      expect(JSON.parse(manifestText).engine.id).toMatch(/\+model\(instantiate=fi-instantiator,judge=fi-judge\)$/);
      expect(manifestText).not.toContain("secret-key-123");
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      await w?.stop();
      await d.close();
    }
  });

  it("two worker processes share one run and produce the reference output", async () => {
    const { id } = await createRun({ ...RUN, corpusId });
    const a = spawnWorker();
    const b = spawnWorker();
    try {
      await startRun(id);
      await waitStatus(id, ["completed", "failed"]);
      await expectSameAsReference(id);
      const { rows } = await getPool().query(`SELECT count(DISTINCT "workerId")::int AS n FROM "RunShard" WHERE "runId" = $1`, [id]);
      expect(rows[0].n).toBe(2);
    } finally {
      await Promise.all([stopChild(a), stopChild(b)]);
    }
  });

  it("chaos: a worker SIGKILLed mid-shard; its shard is retried after the heartbeat expires; output equals the reference", async () => {
    const { id } = await createRun({ ...RUN, corpusId });
    const victim = spawnWorker();
    let rescuer: ChildProcess | null = null;
    try {
      await startRun(id);
      // Mid-shard: a shard running with some documents done, and not the last shard.
      const mid = await waitFor("a shard in progress", async () => {
        const { rows } = await getPool().query(
          `SELECT index, "docsDone" FROM "RunShard" WHERE "runId" = $1 AND state = 'running' AND "docsDone" > 0 LIMIT 1`,
          [id],
        );
        return rows[0];
      }, 150_000, 50);
      victim.kill("SIGKILL");
      await new Promise((r) => victim.once("exit", r));
      const stuck = (await getPool().query(`SELECT state, attempts FROM "RunShard" WHERE "runId" = $1 AND index = $2`, [id, mid.index])).rows[0];
      expect(stuck.state).toBe("running"); // the dead worker's shard, still looking busy
      rescuer = spawnWorker();
      await waitStatus(id, ["completed", "failed"]);
      const r = await expectSameAsReference(id);
      const retried = r.shards.find((s) => s.index === mid.index)!;
      expect(retried.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all([stopChild(victim), rescuer ? stopChild(rescuer) : Promise.resolve()]);
    }
  });

  it("cancel stops between batches; resume finishes the run with the reference output", async () => {
    const { id } = await createRun({ ...RUN, corpusId });
    const w: WorkerHandle = await startWorker({ concurrency: 1, log: () => undefined, reapIntervalMs: 500 });
    try {
      await startRun(id);
      await waitFor("one shard done", async () => (await getRun(id)).shardsDone >= 1);
      await cancelRun(id);
      const c = await waitStatus(id, ["cancelled"]);
      expect(c.shardsDone).toBeLessThan(DOCS / SHARD);
      expect(c.shards.every((s) => s.state === "done" || s.state === "queued")).toBe(true);
      await sleep(500);
      expect((await getRun(id)).shardsDone).toBe(c.shardsDone); // nothing runs after the cancel
      await resumeRun(id);
      await waitStatus(id, ["completed", "failed"]);
      await expectSameAsReference(id);
    } finally {
      await w.stop();
    }
  });
});
