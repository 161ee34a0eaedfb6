#!/usr/bin/env node
// `npx fistudio …`: runs server/cli.ts with tsx from the project root. Relative FILE arguments keep working
// from any directory: the caller's directory is passed as FISTUDIO_CWD.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, "package.json"));
const tsxCli = require.resolve("tsx/cli");
const child = spawn(process.execPath, [tsxCli, join(root, "server", "cli.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FISTUDIO_ROOT: process.env.FISTUDIO_ROOT ?? root, FISTUDIO_CWD: process.env.FISTUDIO_CWD ?? process.cwd() },
});
// Ctrl+C already reaches the child (same process group): just wait for it. Forward the others.
process.on("SIGINT", () => undefined);
for (const sig of ["SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
