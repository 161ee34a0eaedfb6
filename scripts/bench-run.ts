// npx tsx scripts/bench-run.ts [--docs 100000] [--templates 50000] [--workers 2] [--encoder lexical] [--shard-size N]
//                      [--bench-docs-per-second X]
// A whole generation run through the studio's machinery: corpus file registered in place, run planned and launched,
// shards on the Postgres job queue, N `fistudio worker` processes, Parquet parts, manifest. Uses the same documents
// (the shared NQ passages replicated) and the same template bank (the real queries genericized, recombined to
// --templates; shared with `npm run bench` through .cache/bench) as the single-process engine bench, so its docs/s
// compares with `npm run bench` directly. Pass that figure as --bench-docs-per-second to get the overhead printed.
// The last line printed is one JSON object.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, projectRoot } from "../server/config";
import { getPrisma } from "../server/db/client";
import { freePort } from "../server/db/free-port";
import { openDatabase } from "../server/db/session";
import { genericize } from "../server/pipeline/genericize";
import type { EngineTemplate } from "../server/pipeline/types";
import { registerCorpus } from "../server/runs/corpus-files";
import { queriesPath, writeCorpusFile } from "../server/runs/fixtures";
import { closeQueue } from "../server/runs/queue";
import { createRun, getRun, startRun } from "../server/runs/service";
import { recombine } from "./bench-bank";

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: "100000" },
    templates: { type: "string", default: "50000" },
    workers: { type: "string", default: "2" },
    encoder: { type: "string", default: "lexical" },
    "shard-size": { type: "string" },
    "bench-docs-per-second": { type: "string" },
    /** Measure the single-process engine (npm run bench's worker-thread pool, one thread per worker) on this many of the same documents first. */
    "baseline-docs": { type: "string", default: "2000" },
  },
});
const nDocs = Number(values.docs);
const nTemplates = Number(values.templates);
const nWorkers = Number(values.workers);
const log = (s: string) => console.error(`[bench-run] ${s}`);

/** The bench's genericized bank (.cache/bench, written by `npm run bench`), or genericize here (slow, once). */
function genericizedBank(): EngineTemplate[] {
  const file = queriesPath();
  const key = createHash("sha256").update(`${file}|${statSync(file).size}`).digest("hex").slice(0, 12);
  const cached = join(projectRoot, ".cache", "bench", `templates-${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8"));
  log("no .cache/bench bank (run `npm run bench` once to share it): genericizing the queries here");
  const out: EngineTemplate[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const q = JSON.parse(line) as { id: string; text: string };
    const g = genericize(q.text);
    if (g.ok && g.variables.length) out.push({ id: `q:${q.id}`, version: 1, text: g.template, variables: g.variables, compatibleDocumentDescription: g.compatibleDocumentDescription });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function main() {
  // Its own data directory (and embedded PostgreSQL on a free port) unless DATABASE_URL is set.
  process.env.FISTUDIO_DATA_DIR ??= join(projectRoot, ".data", "bench-run");
  if (!process.env.DATABASE_URL) process.env.FISTUDIO_PG_PORT ??= String(await freePort());
  const config = loadConfig();
  const session = await openDatabase({ config, log });
  const children: ChildProcess[] = [];
  try {
    const prisma = getPrisma();
    const source = `bench-${nTemplates}`;
    if ((await prisma.template.count({ where: { sourceName: source } })) < nTemplates) {
      const bank = recombine(genericizedBank(), nTemplates);
      log(`storing ${bank.length} templates`);
      for (let i = 0; i < bank.length; i += 5000)
        await prisma.template.createMany({
          data: bank.slice(i, i + 5000).map((t) => ({
            id: t.id,
            text: t.text,
            description: t.compatibleDocumentDescription,
            variables: t.variables as unknown as object,
            variableCount: t.variables.length,
            sourceName: source,
          })),
          skipDuplicates: true,
        });
    }
    const file = join(config.dataDir, "corpora", `passages-${nDocs}.jsonl`);
    if (!existsSync(file)) {
      log(`writing ${nDocs} documents to ${file}`);
      await writeCorpusFile(file, nDocs);
    }
    const t0 = performance.now();
    const reg = await registerCorpus({ name: `passages-${nDocs}`, paths: [file], license: "CC BY-SA 3.0 (Wikipedia, via Natural Questions)" });
    log(`corpus ${reg.corpusId}: ${reg.documentCount} rows (registration ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const { id, config: rc } = await createRun({
      name: `bench-run ${nDocs} docs × ${nTemplates} templates, ${nWorkers} workers`,
      corpusId: reg.corpusId,
      templateFilter: { status: "active", sources: [source] },
      settings: { match: { encoder: values.encoder } },
      seed: 1,
      sampleRate: 0.005,
      shardSize: values["shard-size"] ? Number(values["shard-size"]) : undefined,
      batchSize: 256,
    });
    log(`run ${id}: ${rc.shardCount} shards of ${rc.shardSize}, output ${rc.outputDir}`);

    // Baseline, same machine, same minutes: the engine alone in one process on as many threads as we will have
    // worker processes (what `npm run bench` measures), over the first documents of the same corpus.
    let baselineDps: number | null = null;
    const nBase = Math.min(Number(values["baseline-docs"]), nDocs);
    if (nBase > 0) {
      const { createEnginePool } = await import("../server/pipeline/parallel");
      const { readTemplatesFile } = await import("../server/runs/planner");
      const { corpusFileRefs } = await import("../server/runs/corpus-files");
      const { readFileRange } = await import("../server/runs/reader");
      const docs = (await readFileRange(await corpusFileRefs(reg.corpusId), 0, nBase)).flatMap((r) => (r.doc ? [r.doc] : []));
      const pool = await createEnginePool({ templates: await readTemplatesFile(rc.templatesFile), settings: rc.settings, threads: nWorkers, cacheDir: config.cacheDir });
      const b0 = performance.now();
      const inFlight: Promise<unknown>[] = [];
      for (let i = 0; i < docs.length; i += 256) {
        inFlight.push(pool.processBatch(docs.slice(i, i + 256)));
        if (inFlight.length >= 2) await inFlight.shift();
      }
      await Promise.all(inFlight);
      baselineDps = docs.length / ((performance.now() - b0) / 1000);
      await pool.close();
      log(`baseline (engine alone, ${nWorkers} threads, ${docs.length} docs): ${baselineDps.toFixed(1)} docs/s`);
    }
    for (let i = 0; i < nWorkers; i++) {
      const c = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "server", "cli.ts"), "worker", "--quiet"], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: session.db.url },
        stdio: ["ignore", "inherit", "inherit"],
      });
      children.push(c);
    }
    // Let the workers load (as a fleet would already be up), then launch.
    await new Promise((r) => setTimeout(r, 8000));
    const s0 = performance.now();
    await startRun(id);
    let last = 0;
    let r = await getRun(id);
    while (!["completed", "failed", "cancelled"].includes(r.status)) {
      await new Promise((res) => setTimeout(res, 2000));
      r = await getRun(id);
      if (performance.now() - last > 15_000) {
        last = performance.now();
        log(`${r.processedDocuments}/${r.totalDocuments} docs, ${r.outputRows} pairs, ${r.docsPerSec.toFixed(0)} docs/s, shards ${r.shardsDone}/${r.shardCount}`);
      }
    }
    const wall = (performance.now() - s0) / 1000;
    const stats = r.stats as { timingsMs?: Record<string, number> };
    const t = stats.timingsMs ?? {};
    const engineMs = (t.match ?? 0) + (t.instantiate ?? 0) + (t.judge ?? 0) + (t.assemble ?? 0);
    const shardMs = r.shards.reduce((n, s) => n + (s.durationMs ?? 0), 0);
    const docsPerSecond = r.processedDocuments / wall;
    // Steady state: from the first shard claimed (the template index is built once by the prepare job before).
    const first = (await getPrisma().runShard.aggregate({ where: { runId: id }, _min: { startedAt: true } }))._min.startedAt;
    const prepSeconds = first && r.startedAt ? (first.getTime() - new Date(r.startedAt).getTime()) / 1000 : 0;
    const benchDps = values["bench-docs-per-second"] ? Number(values["bench-docs-per-second"]) : baselineDps;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        status: r.status,
        documents: r.processedDocuments,
        templates: r.templateCount,
        workers: nWorkers,
        encoder: values.encoder,
        shards: r.shardCount,
        pairs: r.outputRows,
        seconds: r1(wall),
        docsPerSecond: r1(docsPerSecond),
        pairsPerSecond: r1(r.outputRows / wall),
        prepareSeconds: r1(prepSeconds),
        docsPerSecondAfterPrepare: r1(r.processedDocuments / Math.max(0.001, wall - prepSeconds)),
        // Where the workers' time went: the engine's stages vs reading, writing Parquet, committing, queueing, idle.
        engineShareOfWorkerTime: +(engineMs / (nWorkers * wall * 1000)).toFixed(3),
        shardShareOfWorkerTime: +(shardMs / (nWorkers * wall * 1000)).toFixed(3),
        stageSeconds: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, r1(v / 1000)])),
        benchDocsPerSecond: benchDps === null ? null : r1(benchDps),
        benchSource: values["bench-docs-per-second"] ? "--bench-docs-per-second" : `engine pool, ${nWorkers} threads, ${Math.min(Number(values["baseline-docs"]), nDocs)} docs, measured just before the run`,
        overheadVsBench: benchDps ? +(1 - docsPerSecond / benchDps).toFixed(3) : null,
        overheadVsBenchAfterPrepare: benchDps ? +(1 - r.processedDocuments / Math.max(0.001, wall - prepSeconds) / benchDps).toFixed(3) : null,
        outputDir: r.outputDir,
      }),
    );
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((res) => {
            if (c.exitCode !== null) return res();
            c.once("exit", () => res());
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 15_000).unref();
          }),
      ),
    );
    await closeQueue().catch(() => undefined);
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
