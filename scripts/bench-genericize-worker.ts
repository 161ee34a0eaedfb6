// Genericizes a slice of queries for scripts/bench.ts in a worker thread.
import { parentPort, workerData } from "node:worker_threads";
import { genericize } from "../server/pipeline/genericize";

const out: { id: string; text: string; variables: unknown; compatibleDocumentDescription: string }[] = [];
for (const q of workerData.queries as { id: string; text: string }[]) {
  const g = genericize(q.text);
  if (g.ok && g.variables.length > 0) out.push({ id: q.id, text: g.template, variables: g.variables, compatibleDocumentDescription: g.compatibleDocumentDescription });
}
parentPort!.postMessage(out);
