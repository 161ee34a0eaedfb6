// fistudio import queries|documents|templates FILE [options]
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import cliProgress from "cli-progress";
import { openDatabase } from "../db/session";
import { runImport, type FieldMap, type ImportFormat, type ImportKind } from "../imports";

const USAGE = `usage: fistudio import queries|documents|templates FILE [options]
  --source NAME        source name for every row (queries: the query source; templates: the template source;
                       documents: the document source). Given alone it overrides a per-row "source" field.
  --corpus NAME        documents: the corpus to add them to (default: --source, else the file name)
  --strict             import nothing if any line is bad
  --format F           jsonl | csv | parquet (default: from the extension)
  --id-field F         field holding a stable id (default "id"; else a hash of the content)
  --text-field F       field holding the text (default: text/query/question…; templates: template/text)
  --title-field F      documents: title field (default "title")
  --source-field F     field holding a per-row source ("" to ignore it)
  --description-field F  templates: compatible document description (default compatible_document_description/description)
  --tags-field F       templates: tags (array or "a, b")
  --max-line-bytes N   JSONL lines longer than this are reported as too long (default 1048576)
  --json               print the full report as JSON`;

function opt(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || (v.startsWith("--") && v !== "")) throw new Error(`${name} needs a value`);
  return v;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h") || argv.length < 2) {
    console.log(USAGE);
    return argv.length < 2 ? 1 : 0;
  }
  const kind = argv[0] as ImportKind;
  if (!["queries", "documents", "templates"].includes(kind)) {
    console.error(`fistudio import: unknown kind "${argv[0]}"\n${USAGE}`);
    return 2;
  }
  const file = resolve(process.env.FISTUDIO_CWD ?? process.cwd(), argv[1]);
  if (!existsSync(file)) {
    console.error(`fistudio import: no such file: ${file}`);
    return 2;
  }
  const fieldMap: FieldMap = {};
  const f = (flag: string, key: keyof FieldMap) => {
    const v = opt(argv, flag);
    if (v !== undefined) fieldMap[key] = v === "" ? null : v;
  };
  f("--id-field", "id");
  f("--text-field", "text");
  f("--title-field", "title");
  f("--source-field", "source");
  f("--description-field", "description");
  f("--tags-field", "tags");
  const source = opt(argv, "--source");
  if (source !== undefined && fieldMap.source === undefined) fieldMap.source = null;
  const format = opt(argv, "--format") as ImportFormat | undefined;
  if (format && !["jsonl", "csv", "parquet"].includes(format)) throw new Error(`--format must be jsonl, csv or parquet`);
  const maxLineBytes = opt(argv, "--max-line-bytes");
  const asJson = argv.includes("--json");

  const session = await openDatabase({ log: (m) => console.error(m) });
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once("SIGINT", onSig);
  process.once("SIGTERM", onSig);
  const bar = new cliProgress.SingleBar(
    { format: "{phase} |{bar}| {percentage}% | {lines} lines, {bad} bad | {rate} lines/s", hideCursor: true, stream: process.stderr, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let barStarted = false;
  try {
    const res = await runImport({
      kind,
      filePath: file,
      format,
      fieldMap,
      source: source ?? "",
      corpus: opt(argv, "--corpus"),
      strict: argv.includes("--strict"),
      maxLineBytes: maxLineBytes ? Number(maxLineBytes) : undefined,
      signal: ac.signal,
      onProgress: (p) => {
        const payload = { phase: p.phase.padEnd(7), lines: p.linesRead.toLocaleString("en"), bad: p.badLines, rate: Math.round(p.linesRead / Math.max(0.001, (Date.now() - t0) / 1000)) };
        if (!process.stderr.isTTY) return;
        if (!barStarted) {
          bar.start(Math.max(1, p.totalBytes), 0, payload);
          barStarted = true;
        }
        bar.update(p.phase === "reading" ? p.bytesRead : p.totalBytes, payload);
      },
    });
    if (barStarted) bar.stop();
    const r = res.report;
    if (asJson) console.log(JSON.stringify({ ...res, report: r }, null, 2));
    else {
      console.log(
        `import #${res.importJobId} ${res.status}: ${res.imported.toLocaleString("en")} imported, ${res.duplicates.toLocaleString("en")} already present, ` +
          `${res.badLines.toLocaleString("en")} bad line(s) of ${res.totalLines.toLocaleString("en")} (${(r.durationMs / 1000).toFixed(1)} s)`,
      );
      for (const b of r.badLines.slice(0, 20)) console.log(`  line ${b.line}: ${b.reason}: ${b.message}`);
      if (r.badLines.length > 20 || r.truncated) console.log(`  … ${res.badLines - 20} more (full report: import #${res.importJobId} in the studio, or --json)`);
      if (r.note) console.log(`  ${r.note}`);
      if (res.error && res.error !== r.note) console.log(`  error: ${res.error}`);
    }
    return res.status === "completed" ? 0 : 1;
  } finally {
    if (barStarted) bar.stop();
    process.off("SIGINT", onSig);
    process.off("SIGTERM", onSig);
    await session.close();
  }
}
