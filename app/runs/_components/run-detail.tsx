"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import Link from "next/link";
import { Badge, Button, ErrorBox, formatDate, formatNumber, PageHeader, ProgressBar, Spinner, StatusBadge, cx } from "../../_components/ui";
import { Stat } from "../../_components/stat";
import { useTRPC } from "../../_trpc/client";
import { AnswerPositionChart, ChartCard, ComplexityChart, JudgeScoreChart, TemplateUsageChart } from "./charts";
import { ACTIVE, fmtDuration, fmtRate } from "./format";
import { SqlConsole } from "./sql-console";

const shardTone: Record<string, string> = {
  queued: "bg-bg-muted border-border-strong",
  running: "bg-accent/60 border-accent animate-pulse",
  done: "bg-success border-success",
  failed: "bg-danger border-danger",
};

/** Which stages ran on a model server (recorded at creation), e.g. "model: instantiate fi-instantiator, judge fi-judge". */
function stagesLabel(model: { model: string; stages: Partial<Record<string, string>> } | undefined): string {
  const on = (["instantiate", "judge"] as const).filter((s) => model?.stages[s] !== undefined);
  return model && on.length ? `model: ${on.map((s) => `${s} ${model.stages[s] || model.model}`).join(", ")}` : "built-in stages";
}

export function RunDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ id }),
    refetchInterval: (q) => (!q.state.data || ACTIVE.has(q.state.data.status) ? 1000 : false),
    staleTime: 0,
  });
  const active = !run.data || ACTIVE.has(run.data.status);
  const usage = useQuery({ ...trpc.runs.templateUsage.queryOptions({ id, limit: 10 }), refetchInterval: active ? 5000 : false });
  const outputs = useQuery({ ...trpc.runs.outputs.queryOptions({ id }), refetchInterval: active ? 5000 : false });
  const samples = useQuery({ ...trpc.runs.samplePairs.queryOptions({ id, limit: 10 }), refetchInterval: active ? 10_000 : false });
  // When the status changes (e.g. running → completed), refresh what is only polled while active: the manifest and
  // card appear in the outputs at the very end.
  const status = run.data?.status;
  useEffect(() => {
    if (!status) return;
    void qc.invalidateQueries({ queryKey: trpc.runs.outputs.queryKey({ id }) });
    void qc.invalidateQueries({ queryKey: trpc.runs.templateUsage.queryKey({ id, limit: 10 }) });
    void qc.invalidateQueries({ queryKey: trpc.runs.samplePairs.queryKey({ id, limit: 10 }) });
  }, [status, id, qc, trpc]);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id }) });
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: invalidate }));
  const resume = useMutation(trpc.runs.resume.mutationOptions({ onSuccess: invalidate }));
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: invalidate }));
  const exportJsonl = useMutation(trpc.runs.exportJsonl.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.runs.outputs.queryKey({ id }) }) }));

  if (run.isLoading) return <div className="p-4"><Spinner /></div>;
  if (run.error) return <ErrorBox title={`Could not load run ${id}`} error={run.error} />;
  const r = run.data!;
  const c = r.counters;
  const stats = r.stats as { judgeScores?: Record<string, number>; judgeScoresKept?: Record<string, number>; complexity?: Record<string, number>; answerPosition?: Record<string, number[]>; tokens?: number };
  const stages: { label: string; value: number; of: number; hint: string }[] = [
    { label: "Documents", value: r.processedDocuments, of: r.totalDocuments, hint: "read and processed" },
    { label: "Matched", value: c.matched, of: Math.max(c.matched, r.config.documents * r.config.pairsPerDocument * (r.processedDocuments / Math.max(1, r.totalDocuments))), hint: "template matches (≤ pairs/document × documents)" },
    { label: "Instantiated", value: c.instantiated, of: c.matched, hint: "of matches" },
    { label: "Judged ≥ threshold", value: c.kept, of: c.judged, hint: "kept of judged" },
    { label: "Written", value: c.assembled, of: c.kept, hint: "after the token budget" },
  ];
  const rejections = Object.entries(c.rejections).sort((a, b) => b[1] - a[1]);
  const errors = r.shards.filter((s) => s.error);
  const forecast = r.forecast as { expectedPairs?: number } | null;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title={`Run ${r.id}: ${r.name}`}
        subtitle={
          <span className="flex items-center gap-2">
            <span data-testid="run-status"><StatusBadge status={r.status} /></span>
            <span>{r.corpusName}</span>
            <span>· {formatNumber(r.templateCount)} templates</span>
            <span>· seed {r.config.seed}</span>
            <span>· {r.config.settings.match.encoder}</span>
            <span title={r.config.model?.baseUrl}>· {stagesLabel(r.config.model)}</span>
          </span>
        }
        actions={
          <>
            {r.status === "queued" && <Button variant="primary" onClick={() => start.mutate({ id })}>Start</Button>}
            {(r.status === "running" || r.status === "queued") && (
              <Button variant="danger" onClick={() => cancel.mutate({ id })} disabled={cancel.isPending}>Cancel</Button>
            )}
            {(r.status === "cancelled" || r.status === "failed" || r.status === "cancelling") && (
              <Button variant="primary" onClick={() => resume.mutate({ id })} disabled={resume.isPending}>Resume</Button>
            )}
            <Link className="text-[12px] text-accent hover:underline" href="/runs">All runs</Link>
          </>
        }
      />
      <div className="min-h-0 flex-1 overflow-auto p-4">
        {(cancel.error || resume.error || start.error) && <ErrorBox error={cancel.error ?? resume.error ?? start.error} />}
        {r.error && <ErrorBox title="Run error" error={r.error} />}
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-7">
          <Stat label="Progress" value={`${((r.processedDocuments / Math.max(1, r.totalDocuments)) * 100).toFixed(1)}%`} testId="run-progress" />
          <Stat label="Pairs written" value={formatNumber(r.outputRows)} testId="run-pairs" />
          <Stat label="Yield" value={`${r.yield.toFixed(2)} / doc`} />
          <Stat label="Docs/s" value={fmtRate(r.docsPerSec, "")} />
          <Stat label="Pairs/s" value={fmtRate(r.pairsPerSec, "")} />
          <Stat label={r.status === "running" ? "ETA" : "Duration"} value={r.status === "running" ? fmtDuration(r.etaSec) : fmtDuration(r.durationSec)} />
          <Stat label="Forecast" value={forecast?.expectedPairs !== undefined ? `${formatNumber(forecast.expectedPairs)} pairs` : "—"} />
        </div>

        <section className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-2">
          <div className="rounded-md border border-border p-3">
            <h3 className="mb-2 text-[12px] font-semibold">Stages</h3>
            <div className="flex flex-col gap-2.5">
              {stages.map((s) => (
                <div key={s.label} className="grid grid-cols-[120px_1fr_150px] items-center gap-2 text-[12px]">
                  <span className="text-fg-muted">{s.label}</span>
                  <ProgressBar value={s.value} max={s.of || null} />
                  <span className="text-right tabular-nums" title={s.hint}>
                    {formatNumber(s.value)} / {formatNumber(Math.round(s.of))}
                  </span>
                </div>
              ))}
            </div>
            {rejections.length > 0 && (
              <details className="mt-3 text-[12px]">
                <summary className="cursor-pointer text-fg-muted">Rejections ({formatNumber(rejections.reduce((a, [, n]) => a + n, 0))})</summary>
                <table className="mt-1 w-full">
                  <tbody>
                    {rejections.map(([k, n]) => (
                      <tr key={k} className="border-b border-border">
                        <td className="py-0.5 font-mono text-[11px]">{k}</td>
                        <td className="text-right tabular-nums">{formatNumber(n)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </div>
          <div className="rounded-md border border-border p-3">
            <div className="mb-2 flex items-center justify-between">
              <h3 className="text-[12px] font-semibold">Shards ({r.shardsDone}/{r.shardCount} done)</h3>
              <div className="flex gap-2 text-[11px] text-fg-subtle">
                {["queued", "running", "done", "failed"].map((s) => (
                  <span key={s} className="flex items-center gap-1">
                    <span className={cx("inline-block h-2.5 w-2.5 rounded-sm border", shardTone[s])} />
                    {s}
                  </span>
                ))}
                <span className="flex items-center gap-1">
                  <span className="inline-block h-2.5 w-2.5 rounded-sm border-2 border-warn" />
                  retried
                </span>
              </div>
            </div>
            <div className="flex flex-wrap gap-1" data-testid="shard-map">
              {r.shards.map((s) => (
                <span
                  key={s.index}
                  data-state={s.state}
                  title={`shard ${s.index}: rows ${s.rowStart}–${s.rowEnd}, ${s.state}, attempt ${s.attempts}${s.state === "running" ? `, ${s.docsDone} docs, heartbeat ${s.heartbeatAgeSec?.toFixed(0)} s ago` : ""}${s.rowCount ? `, ${s.rowCount} pairs` : ""}${s.error ? `\n${s.error}` : ""}`}
                  className={cx("inline-block h-4 w-4 rounded-sm border", shardTone[s.state], s.attempts > 1 && "outline-2 outline-offset-1 outline-warn")}
                />
              ))}
            </div>
            {errors.length > 0 && (
              <div className="mt-3 max-h-40 overflow-auto text-[11px]" data-testid="shard-errors">
                {errors.map((s) => (
                  <div key={s.index} className="border-b border-border py-1">
                    <Badge tone={s.state === "failed" ? "danger" : "warn"}>shard {s.index}</Badge> <span className="font-mono">{s.error}</span>
                  </div>
                ))}
              </div>
            )}
          </div>
        </section>

        <section className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="run-charts">
          <ChartCard title="Judge scores" note={`Pairs judged vs written (threshold ${r.config.settings.judge.threshold})`} testId="chart-judge">
            <JudgeScoreChart all={stats.judgeScores ?? {}} kept={stats.judgeScoresKept ?? {}} threshold={r.config.settings.judge.threshold} />
          </ChartCard>
          <ChartCard title="Complexity" note="Share of written pairs by the template's variable count, against the target" testId="chart-complexity">
            <ComplexityChart complexity={stats.complexity ?? {}} target={r.config.settings.match.complexityTarget} />
          </ChartCard>
          <ChartCard
            title="Template usage"
            note={usage.data ? `Top templates by matches; the largest uses ${(usage.data.maxShareOfCap * 100).toFixed(1)}% of the run-wide cap (${formatNumber(usage.data.cap)})` : "Top templates by matches"}
            testId="chart-usage"
            height={260}
          >
            <TemplateUsageChart top={usage.data?.top ?? []} cap={usage.data?.cap ?? r.config.usageCap} />
          </ChartCard>
          <ChartCard title="Answer position by view" note="Where in the document answers start (0–100%), per view k (k = 0: whole document)" testId="chart-position">
            <AnswerPositionChart byView={stats.answerPosition ?? {}} />
          </ChartCard>
        </section>

        <section className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-2">
          <div className="rounded-md border border-border p-3">
            <div className="mb-2 flex items-center justify-between">
              <h3 className="text-[12px] font-semibold">Outputs</h3>
              <Button size="xs" disabled={r.status !== "completed" || exportJsonl.isPending} onClick={() => exportJsonl.mutate({ id })}>
                {exportJsonl.isPending ? "Exporting…" : "Export JSONL"}
              </Button>
            </div>
            <div className="mb-1 font-mono text-[11px] break-all text-fg-subtle">{r.outputDir}</div>
            {exportJsonl.data && <div className="text-[11px] text-success">{formatNumber(exportJsonl.data.rows)} pairs → {exportJsonl.data.path}</div>}
            {exportJsonl.error && <ErrorBox error={exportJsonl.error} />}
            <table className="w-full text-[12px]" data-testid="outputs">
              <tbody>
                {outputs.data?.files.map((f) => (
                  <tr key={f.name} className="border-b border-border">
                    <td className="py-0.5 font-mono text-[11px]">{f.name}</td>
                    <td className="text-right tabular-nums">{formatNumber(Math.ceil(f.sizeBytes / 1024))} KB</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="mt-2 text-[11px] text-fg-subtle">
              Started {formatDate(r.startedAt)} · finished {formatDate(r.finishedAt)} · {formatNumber(stats.tokens ?? 0)} tokens
            </div>
          </div>
          <div className="rounded-md border border-border p-3">
            <h3 className="mb-2 text-[12px] font-semibold">Audit sample ({(r.config.sampleRate * 100).toFixed(0)}%, stratified by complexity and score)</h3>
            <div className="flex max-h-72 flex-col gap-2 overflow-auto text-[12px]">
              {samples.data?.length === 0 && <span className="text-fg-subtle">No sampled pairs yet.</span>}
              {samples.data?.map((p) => (
                <div key={p.id} className="border-b border-border pb-1.5">
                  <div className="font-medium">{p.instruction}</div>
                  <div className="line-clamp-2 text-fg-muted">{p.answer}</div>
                  <div className="text-[11px] text-fg-subtle">
                    score {p.judgeScore} · {p.variableCount} var · view {p.viewK} · {p.documentTitle || p.documentId}
                  </div>
                </div>
              ))}
            </div>
          </div>
        </section>
        {r.status === "completed" && (
          <section className="mt-4">
            <SqlConsole runId={id} />
          </section>
        )}
      </div>
    </div>
  );
}
