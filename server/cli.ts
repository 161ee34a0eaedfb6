// The `fistudio` command line: a small dispatcher. Each command lives in server/cli/<command>.ts and exports
// `main(argv: string[]): Promise<number | void>`; it is imported only when used, so `fistudio db status` does not
// load the NLP engine.
//   npx fistudio <command> [args]        (bin/fistudio.mjs runs this file with tsx from the project root)
//   npm run fistudio -- <command> [args]

interface Command {
  module: string;
  summary: string;
  usage: string;
}

export const COMMANDS: Record<string, Command> = {
  import: {
    module: "./cli/import",
    summary: "import queries, documents or templates from JSONL, CSV or Parquet",
    usage: "import queries|documents|templates FILE [--source NAME] [--strict] [--format jsonl|csv|parquet] [--id-field F] [--text-field F] [--title-field F] [--source-field F] [--corpus NAME]",
  },
  db: { module: "./cli/db", summary: "embedded PostgreSQL and migrations", usage: "db start|stop|status|migrate|refresh-facets" },
  seed: { module: "./cli/seed", summary: "load the bundled sample (idempotent)", usage: "seed [--force] [--no-genericize]" },
  genericize: { module: "./cli/genericize", summary: "turn queries into templates", usage: "genericize [--input FILE --out FILE] (no file: the queries in the database; see --help)" },
  generate: { module: "./cli/generate", summary: "generate (instruction, answer) pairs from documents", usage: "generate [...] (see fistudio generate --help)" },
  run: { module: "./cli/run", summary: "plan, launch and follow generation runs", usage: "run [...] (see fistudio run --help)" },
  worker: { module: "./cli/worker", summary: "a run worker process (any machine sharing the database)", usage: "worker [...]" },
};

export function help(): string {
  const lines = ["usage: fistudio <command> [args]", "", "commands:"];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(11)} ${c.summary}`);
  lines.push("", "details:");
  for (const c of Object.values(COMMANDS)) lines.push(`  fistudio ${c.usage}`);
  lines.push("", "environment: DATABASE_URL (else embedded PostgreSQL in FISTUDIO_DATA_DIR, default .data), FISTUDIO_PG_PORT (54329)");
  return lines.join("\n");
}

/** `genericize` with --db, or with no file, works on the queries in PostgreSQL; with --input/--out or a file, file to file. */
export function genericizeOnDb(args: string[]): boolean {
  if (args.includes("--db")) return true;
  if (args.includes("--help") || args.includes("-h")) return false;
  const takesValue = new Set(["--source", "--limit", "--rejections"]);
  return !args.some((a, i) => a === "--input" || a === "--out" || (!a.startsWith("-") && !takesValue.has(args[i - 1])));
}

export async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(help());
    return name ? 0 : 1;
  }
  const cmd = name === "genericize" && genericizeOnDb(rest) ? { ...COMMANDS.genericize, module: "./cli/genericize-db" } : COMMANDS[name];
  if (!cmd) {
    console.error(`fistudio: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  let mod: { main?: (argv: string[]) => Promise<number | void> | number | void };
  try {
    const path = cmd.module; // a variable: the command modules are written by different people and loaded lazily
    mod = await import(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes(cmd.module.slice(2))) {
      console.error(`fistudio: command "${name}" is not available in this build (${cmd.module}.ts is missing)`);
      return 2;
    }
    throw e;
  }
  if (typeof mod.main !== "function") {
    console.error(`fistudio: ${cmd.module}.ts does not export main(argv)`);
    return 2;
  }
  const code = await mod.main(name === "genericize" && cmd.module.endsWith("-db") ? rest.filter((a) => a !== "--db") : rest);
  return typeof code === "number" ? code : 0;
}

const isMain = (() => {
  const entry = process.argv[1] ?? "";
  return /server[\\/]cli\.ts$/.test(entry);
})();

if (isMain) {
  dispatch(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(`fistudio: ${e instanceof Error ? (process.env.FISTUDIO_DEBUG ? e.stack : e.message) : String(e)}`);
      process.exitCode = 1;
    },
  );
}
