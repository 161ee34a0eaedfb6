"use client";
// SQL over a sample of a run's output rows, in the browser: duckdb-wasm (self-hosted bundles in /duckdb) loaded with an
// Arrow IPC sample the server reads from the run's Parquet parts (duckdb-wasm has no Parquet reader offline).
import { useRef, useState } from "react";
import type { AsyncDuckDB } from "@duckdb/duckdb-wasm";
import { Button, ErrorBox, formatNumber, Spinner } from "../../_components/ui";

const SAMPLE_ROWS = 10_000;
const DEFAULT_SQL = `SELECT judge_score, count(*) AS pairs, round(avg(synthetic_token_count), 1) AS mean_tokens
FROM pairs GROUP BY judge_score ORDER BY judge_score DESC`;

async function openDuckDB(): Promise<AsyncDuckDB> {
  const duckdb = await import("@duckdb/duckdb-wasm");
  const at = (f: string) => new URL(`/duckdb/${f}`, window.location.origin).href;
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: at("duckdb-mvp.wasm"), mainWorker: at("duckdb-browser-mvp.worker.js") },
    eh: { mainModule: at("duckdb-eh.wasm"), mainWorker: at("duckdb-browser-eh.worker.js") },
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker!));
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  return db;
}

interface Result {
  columns: string[];
  rows: unknown[][];
}

export function SqlConsole({ runId }: { runId: number }) {
  const db = useRef<Promise<{ db: AsyncDuckDB; rows: number }> | null>(null);
  const [sql, setSql] = useState(DEFAULT_SQL);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState<number | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const load = () =>
    (db.current ??= (async () => {
      const res = await fetch(`/api/runs/${runId}/sample?limit=${SAMPLE_ROWS}`);
      if (!res.ok) throw new Error(((await res.json()) as { error: string }).error);
      const ipc = new Uint8Array(await res.arrayBuffer());
      const duck = await openDuckDB();
      const conn = await duck.connect();
      await conn.insertArrowFromIPCStream(ipc, { name: "pairs", create: true });
      const n = Number((await conn.query("SELECT count(*) AS n FROM pairs")).toArray()[0].n);
      await conn.close();
      return { db: duck, rows: n };
    })().catch((e) => {
      db.current = null;
      throw e;
    }));

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { db: duck, rows } = await load();
      setLoaded(rows);
      const conn = await duck.connect();
      try {
        const table = await conn.query(sql);
        const columns = table.schema.fields.map((f) => f.name);
        const out = table.toArray().slice(0, 500).map((r) => {
          const o = r.toJSON() as Record<string, unknown>;
          return columns.map((c) => o[c]);
        });
        setResult({ columns, rows: out });
      } finally {
        await conn.close();
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rounded-md border border-border p-3" data-testid="sql-console">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-[12px] font-semibold">SQL console</h3>
        <span className="text-[11px] text-fg-subtle">
          {loaded === null ? `table pairs: up to ${formatNumber(SAMPLE_ROWS)} output rows, loaded on first run` : `table pairs: computed on a sample of ${formatNumber(loaded)} output rows`}
        </span>
      </div>
      <textarea
        aria-label="SQL"
        className="h-24 w-full rounded-md border border-border bg-bg-subtle p-2 font-mono text-[12px]"
        value={sql}
        onChange={(e) => setSql(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void run();
        }}
      />
      <div className="mt-2 flex items-center gap-2">
        <Button size="xs" variant="primary" disabled={busy} onClick={() => void run()}>
          Run (Ctrl+Enter)
        </Button>
        {busy && <Spinner />}
      </div>
      {error && <ErrorBox title="Query failed" error={error} />}
      {result && (
        <div className="mt-2 max-h-80 overflow-auto">
          <table className="w-full text-[12px]" data-testid="sql-result">
            <thead>
              <tr>
                {result.columns.map((c) => (
                  <th key={c} className="border-b border-border px-1 text-left font-semibold">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                <tr key={i} className="border-b border-border">
                  {r.map((v, j) => (
                    <td key={j} className="px-1 align-top">{v === null || v === undefined ? "∅" : typeof v === "object" ? JSON.stringify(v) : String(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
