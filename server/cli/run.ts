// fistudio run create|forecast|start|status|cancel|resume|list|export|register …
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { openDatabase } from "../db/session";
import { getPrisma } from "../db/client";

const USAGE = `usage: fistudio run <command> [options]
  register NAME PATH...            register JSONL/CSV/Parquet files or folders (they stay where they are) as a corpus
           [--license L] [--description D] [--id-field F] [--text-field F] [--title-field F] [--sample-size N]
  forecast --corpus ID|NAME [run options]   expected pairs, tokens, keep rate and time, from a sample
  create   --corpus ID|NAME [run options] [--start] [--forecast]
  start    RUN                     start a created (queued) run
  status   RUN [--watch] [--json]  progress (with --watch: a live progress bar until the run ends)
  cancel   RUN                     stop between batches; done shards are kept
  resume   RUN                     continue a cancelled, failed or crashed run from the shards not done
  list     [--limit N]
  export   RUN [--out FILE]        write the run's pairs as JSONL (default: <run folder>/pairs.jsonl)

run options:
  --name N  --seed S  --limit DOCS  --pairs-per-doc N  --judge-threshold 1..5  --usage-cap N
  --preset ID  --settings JSON (partial engine settings)  --encoder lexical|dense|hybrid
  --templates-source NAME (repeatable)  --templates-tag T (repeatable)  --min-vars N  --max-vars N
  --templates-search TEXT  --templates-limit N  --template-status active|retired|any
  --shard-size N  --batch-size N  --sample-rate R  --max-attempts N  --heartbeat-ttl SEC

Runs execute on workers: \`npm start\` runs one; add more with \`fistudio worker\` (here or on other machines).`;

const runOptions = {
  corpus: { type: "string" },
  name: { type: "string" },
  seed: { type: "string" },
  limit: { type: "string" },
  "pairs-per-doc": { type: "string" },
  "judge-threshold": { type: "string" },
  "usage-cap": { type: "string" },
  preset: { type: "string" },
  settings: { type: "string" },
  encoder: { type: "string" },
  "templates-source": { type: "string", multiple: true },
  "templates-tag": { type: "string", multiple: true },
  "min-vars": { type: "string" },
  "max-vars": { type: "string" },
  "templates-search": { type: "string" },
  "templates-limit": { type: "string" },
  "template-status": { type: "string" },
  "shard-size": { type: "string" },
  "batch-size": { type: "string" },
  "sample-rate": { type: "string" },
  "max-attempts": { type: "string" },
  "heartbeat-ttl": { type: "string" },
  start: { type: "boolean" },
  forecast: { type: "boolean" },
  watch: { type: "boolean" },
  json: { type: "boolean" },
  out: { type: "string" },
  license: { type: "string" },
  description: { type: "string" },
  "id-field": { type: "string" },
  "text-field": { type: "string" },
  "title-field": { type: "string" },
  "sample-size": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof runOptions; allowPositionals: true }>>["values"];

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

async function corpusId(ref: string | undefined): Promise<number> {
  if (!ref) throw new Error("--corpus ID|NAME is required");
  const prisma = getPrisma();
  const c = /^\d+$/.test(ref) ? await prisma.corpus.findUnique({ where: { id: Number(ref) } }) : await prisma.corpus.findUnique({ where: { name: ref } });
  if (!c) throw new Error(`Corpus ${ref} not found (register files with: fistudio run register NAME PATH)`);
  return c.id;
}

export async function runInputFromArgs(v: Values) {
  const settings = v.settings ? JSON.parse(v.settings) : {};
  if (v.encoder) settings.match = { ...(settings.match ?? {}), encoder: v.encoder };
  return {
    name: v.name,
    corpusId: await corpusId(v.corpus),
    seed: num(v.seed) ?? 1,
    documentLimit: num(v.limit),
    pairsPerDocument: num(v["pairs-per-doc"]),
    judgeThreshold: num(v["judge-threshold"]),
    usageCap: num(v["usage-cap"]),
    presetId: num(v.preset),
    settings,
    templateFilter: {
      status: (v["template-status"] as "active" | "retired" | "any" | undefined) ?? "active",
      sources: v["templates-source"],
      tags: v["templates-tag"],
      minVariables: num(v["min-vars"]),
      maxVariables: num(v["max-vars"]),
      search: v["templates-search"],
      limit: num(v["templates-limit"]),
    },
    shardSize: num(v["shard-size"]),
    batchSize: num(v["batch-size"]),
    sampleRate: num(v["sample-rate"]),
    maxAttempts: num(v["max-attempts"]),
    heartbeatTtlSec: num(v["heartbeat-ttl"]),
  };
}

function fmtSec(s: number | null | undefined): string {
  if (s === null || s === undefined || !isFinite(s)) return "–";
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

async function printStatus(id: number, json: boolean): Promise<void> {
  const { getRun } = await import("../runs/service");
  const r = await getRun(id);
  if (json) {
    console.log(JSON.stringify({ ...r, config: undefined }, null, 2));
    return;
  }
  const c = r.counters;
  console.log(`run ${r.id} "${r.name}" — ${r.status}`);
  console.log(`  documents ${r.processedDocuments}/${r.totalDocuments}  pairs ${r.outputRows}  yield ${r.yield.toFixed(2)}/doc  shards ${r.shardsDone}/${r.shardCount} done, ${r.shardsFailed} failed`);
  console.log(`  ${r.docsPerSec.toFixed(1)} docs/s  ${r.pairsPerSec.toFixed(1)} pairs/s  elapsed ${fmtSec(r.durationSec)}  ETA ${fmtSec(r.etaSec)}`);
  console.log(`  stages: matched ${c.matched}  instantiated ${c.instantiated}  judged ${c.judged}  kept ${c.kept}  written ${c.assembled}`);
  const rej = Object.entries(c.rejections).sort((a, b) => b[1] - a[1]).slice(0, 6);
  if (rej.length) console.log(`  top rejections: ${rej.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  for (const s of r.shards.filter((s) => s.error)) console.log(`  shard ${s.index} (${s.state}, attempts ${s.attempts}): ${s.error}`);
  if (r.error) console.log(`  error: ${r.error}`);
  console.log(`  output: ${r.outputDir}`);
}

async function watch(id: number): Promise<number> {
  const { getRun } = await import("../runs/service");
  let r = await getRun(id);
  const bar = new cliProgress.SingleBar(
    {
      format: "run {id} {status} |{bar}| {percentage}% {value}/{total} docs | {pairs} pairs | {dps} docs/s | shards {done}/{shards} | ETA {eta_h}",
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      noTTYOutput: !process.stdout.isTTY,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => ({ id, status: r.status, pairs: r.outputRows, dps: r.docsPerSec.toFixed(1), done: r.shardsDone, shards: r.shardCount, eta_h: fmtSec(r.etaSec) });
  bar.start(r.totalDocuments, r.processedDocuments, payload());
  while (!["completed", "failed", "cancelled"].includes(r.status)) {
    await new Promise((res) => setTimeout(res, 1000));
    r = await getRun(id);
    bar.update(r.processedDocuments, payload());
  }
  bar.update(r.processedDocuments, payload());
  bar.stop();
  await printStatus(id, false);
  return r.status === "completed" ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: argv, options: runOptions, allowPositionals: true, strict: true });
  const [sub, ...rest] = positionals;
  if (!sub || v.help) {
    console.log(USAGE);
    return sub ? 0 : 1;
  }
  const session = await openDatabase({ log: (m) => console.error(m) });
  try {
    const svc = await import("../runs/service");
    const runId = () => {
      const id = Number(rest[0]);
      if (!Number.isInteger(id)) throw new Error(`usage: fistudio run ${sub} RUN_ID`);
      return id;
    };
    switch (sub) {
      case "register": {
        const [name, ...paths] = rest;
        if (!name || !paths.length) throw new Error("usage: fistudio run register NAME PATH...");
        const { registerCorpus } = await import("../runs/corpus-files");
        const r = await registerCorpus({
          name,
          paths,
          license: v.license,
          description: v.description,
          fieldMap: { ...(v["id-field"] ? { id: v["id-field"] } : {}), ...(v["text-field"] ? { text: v["text-field"] } : {}), ...(v["title-field"] ? { title: v["title-field"] } : {}) },
          sampleSize: num(v["sample-size"]),
        });
        console.log(`corpus ${r.corpusId} "${r.name}": ${r.documentCount} rows in ${r.files.length} file(s) (${r.added} added now), ${r.sampleCount} documents browsable in the studio`);
        return 0;
      }
      case "forecast": {
        const { forecastRun } = await import("../runs/forecast");
        const f = await forecastRun(await runInputFromArgs(v));
        console.log(JSON.stringify(f, null, 2));
        return 0;
      }
      case "create": {
        const input = await runInputFromArgs(v);
        let forecast: unknown;
        if (v.forecast) {
          const { forecastRun } = await import("../runs/forecast");
          forecast = await forecastRun(input);
          console.log(JSON.stringify(forecast, null, 2));
        }
        const { id, config } = await svc.createRun(input, { forecast });
        console.log(`run ${id} created: ${config.documents} documents in ${config.shardCount} shards, ${config.templateCount} templates (set ${config.templateSetHash}) → ${config.outputDir}`);
        if (v.start) {
          await svc.startRun(id);
          console.log(`run ${id} started; follow it with: fistudio run status ${id} --watch`);
        }
        return 0;
      }
      case "start":
        await svc.startRun(runId());
        console.log(`run ${runId()} started (it executes on workers: npm start, or fistudio worker)`);
        return 0;
      case "status":
        if (v.watch) return await watch(runId());
        await printStatus(runId(), !!v.json);
        return 0;
      case "cancel":
        console.log(`run ${runId()}: ${await svc.cancelRun(runId())}`);
        return 0;
      case "resume":
        await svc.resumeRun(runId());
        console.log(`run ${runId()} resumed`);
        return 0;
      case "list": {
        const runs = await svc.listRuns({ limit: num(v.limit) ?? 20 });
        if (v.json) console.log(JSON.stringify(runs, null, 2));
        else
          for (const r of runs)
            console.log(
              `${String(r.id).padStart(5)}  ${r.status.padEnd(10)} ${`${r.processedDocuments}/${r.totalDocuments}`.padStart(15)} docs ${String(r.outputRows).padStart(9)} pairs  yield ${r.yield.toFixed(2)}  ${fmtSec(r.durationSec).padStart(8)}  ${r.name}`,
            );
        return 0;
      }
      case "export": {
        const { exportJsonl } = await import("../runs/output");
        const run = await getPrisma().run.findUnique({ where: { id: runId() } });
        if (!run) throw new Error(`Run ${runId()} not found`);
        const r = await exportJsonl(run.outputDir, v.out);
        console.log(`${r.rows} pairs → ${r.path}`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    const { closeQueue } = await import("../runs/queue");
    await closeQueue().catch(() => undefined);
    await session.close();
  }
}
