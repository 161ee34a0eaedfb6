"use client";
// Audit: review a run's stratified sample with the keyboard. The answer's excerpts are highlighted in the source
// document (rendered as text, never HTML); verdict statistics per template come with a one-click retire.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import { useHotkeys } from "../../_components/hotkeys";
import { TemplateText } from "../../_components/template-text";
import { Badge, Button, cx, EmptyState, ErrorBox, Field, formatNumber, inputClass, PageHeader, Spinner } from "../../_components/ui";
import { PairText } from "../../_components/pair-text";
import { MarkedText } from "../../_components/marked-text";
import { JudgeReasons } from "../../_components/judge-reasons";
import { useTRPC } from "../../_trpc/client";

type Status = "unreviewed" | "reviewed" | "all";
type Verdict = "accept" | "reject" | "flag";
const VERDICT_TONE = { accept: "success", reject: "danger", flag: "warn" } as const;
const PAGE = 50;

export function AuditView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const runs = useQuery(trpc.audit.runs.queryOptions());
  const [runId, setRunId] = useState<string>("");
  const [status, setStatus] = useState<Status>("unreviewed");
  const [offset, setOffset] = useState(0);
  const [index, setIndex] = useState(0);
  const [note, setNote] = useState("");
  const [reviewer, setReviewer] = useState(() => (typeof window === "undefined" ? "" : localStorage.getItem("fistudio-reviewer") ?? ""));
  const noteRef = useRef<HTMLInputElement>(null);

  const run = runId ? Number(runId) : runs.data?.[0]?.id;
  const queueInput = { runId: run, status, offset, limit: PAGE };
  const queue = useQuery({ ...trpc.audit.queue.queryOptions(queueInput), enabled: run !== undefined, placeholderData: (prev) => prev });
  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const current = items[Math.min(index, items.length - 1)];
  const pair = useQuery({ ...trpc.audit.pair.queryOptions({ id: current?.id ?? 0 }), enabled: !!current });
  const stats = useQuery({ ...trpc.audit.templateStats.queryOptions({ runId: run, limit: 30 }), enabled: run !== undefined });

  const [decided, setDecided] = useState<Record<number, Verdict>>({});
  const review = useMutation(
    trpc.audit.review.mutationOptions({
      onSuccess: (r) => {
        setDecided((d) => ({ ...d, [r.pairId]: r.verdict }));
        setNote("");
        qc.invalidateQueries({ queryKey: trpc.audit.templateStats.queryKey() });
        qc.invalidateQueries({ queryKey: trpc.audit.runs.queryKey() });
        qc.invalidateQueries({ queryKey: trpc.audit.pair.queryKey({ id: r.pairId }) });
        setIndex((i) => Math.min(i + 1, items.length - 1));
      },
    }),
  );
  const retire = useMutation(
    trpc.templates.bulk.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.audit.templateStats.queryKey() }),
    }),
  );

  const decide = (verdict: Verdict) => {
    if (!current || review.isPending) return;
    if (!reviewer.trim()) {
      document.querySelector<HTMLInputElement>('[aria-label="Reviewer"]')?.focus();
      return;
    }
    review.mutate({ pairId: current.id, verdict, note, reviewer });
  };
  useHotkeys([
    { key: "a", description: "Accept the pair", handler: () => decide("accept") },
    { key: "x", description: "Reject the pair", handler: () => decide("reject") },
    { key: "f", description: "Flag the pair", handler: () => decide("flag") },
    { key: "j", description: "Next pair", handler: () => setIndex((i) => Math.min(i + 1, items.length - 1)) },
    { key: "k", description: "Previous pair", handler: () => setIndex((i) => Math.max(i - 1, 0)) },
    { key: "n", description: "Write a note", handler: (e) => (e.preventDefault(), noteRef.current?.focus()) },
  ]);
  const changeQueue = (fn: () => void) => {
    fn();
    setOffset(0);
    setIndex(0);
    setDecided({});
  };

  const p = pair.data;
  const verdictOf = (id: number, fallback: Verdict | null) => decided[id] ?? fallback;
  const reviewedHere = Object.keys(decided).length;
  const runInfo = runs.data?.find((r) => r.id === run);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Audit"
        subtitle="Review each run's stratified sample: a accept · x reject · f flag · n note · j / k move. Excerpts are highlighted in the document."
        actions={
          runInfo && (
            <span className="text-[12px] text-fg-muted" data-testid="audit-progress">
              {formatNumber(runInfo.reviewed)} of {formatNumber(runInfo.pairs)} reviewed
            </span>
          )
        }
      />
      {runs.error && <ErrorBox title="Could not load the runs" error={runs.error} />}
      {runs.isLoading && <Spinner />}
      {runs.data && runs.data.length === 0 && (
        <div className="p-4">
          <EmptyState title="Nothing to audit yet" action={<Link href="/runs/new" className="text-accent underline">Launch a run</Link>}>
            Each run keeps a stratified sample of its pairs (the audit sample rate of the new-run form). Launch a run; its sample appears here as it completes shards.
          </EmptyState>
        </div>
      )}
      {runs.data && runs.data.length > 0 && (
        <div className="grid min-h-0 flex-1 grid-cols-1 lg:grid-cols-[280px_minmax(0,1fr)_320px]">
          <aside className="flex min-h-0 flex-col border-r border-border" aria-label="Queue">
            <div className="flex flex-col gap-2 border-b border-border p-3">
              <Field label="Run">
                <select aria-label="Run" className={inputClass} value={String(run ?? "")} onChange={(e) => changeQueue(() => setRunId(e.target.value))}>
                  {runs.data.map((r) => (
                    <option key={r.id} value={r.id}>
                      #{r.id} {r.name} ({formatNumber(r.pairs)} pairs)
                    </option>
                  ))}
                </select>
              </Field>
              <div className="flex gap-1" role="tablist" aria-label="Queue filter">
                {(["unreviewed", "reviewed", "all"] as const).map((s) => (
                  <button key={s} role="tab" aria-selected={status === s} onClick={() => changeQueue(() => setStatus(s))} className={cx("rounded px-2 py-0.5 text-[12px]", status === s ? "bg-accent-soft text-accent-soft-fg" : "text-fg-muted hover:bg-bg-muted")}>
                    {s}
                  </button>
                ))}
              </div>
              <Field label="Reviewer">
                <input
                  aria-label="Reviewer"
                  className={inputClass}
                  value={reviewer}
                  placeholder="your name"
                  onChange={(e) => {
                    setReviewer(e.target.value);
                    localStorage.setItem("fistudio-reviewer", e.target.value);
                  }}
                />
              </Field>
            </div>
            {queue.error && <ErrorBox title="Could not load the queue" error={queue.error} />}
            <ol className="min-h-0 flex-1 overflow-auto" role="listbox" aria-label="Pairs to review">
              {items.map((it, i) => {
                const v = verdictOf(it.id, it.verdict);
                return (
                  <li
                    key={it.id}
                    role="option"
                    aria-selected={i === index}
                    onClick={() => setIndex(i)}
                    ref={(el) => {
                      if (el && i === index) el.scrollIntoView({ block: "nearest" });
                    }}
                    className={cx("cursor-pointer border-b border-border px-3 py-1.5 text-[12px]", i === index ? "bg-accent-soft" : "hover:bg-bg-subtle")}
                  >
                    <div className="flex items-center gap-1.5">
                      <Badge>{it.judgeScore}</Badge>
                      <span className="text-[11px] text-fg-subtle">{it.variableCount}v</span>
                      {v && <Badge tone={VERDICT_TONE[v]}>{v}</Badge>}
                    </div>
                    <div className="truncate">{it.instruction}</div>
                  </li>
                );
              })}
              {queue.data && items.length === 0 && <li className="p-3 text-[12px] text-fg-subtle">{status === "unreviewed" ? "Everything in this run's sample has a verdict." : "No pair here."}</li>}
            </ol>
            <div className="flex items-center justify-between border-t border-border p-2 text-[11px] text-fg-subtle">
              <span>
                {queue.data?.total != null ? `${formatNumber(offset + 1)}–${formatNumber(offset + items.length)} of ${formatNumber(queue.data.total)}` : ""}
                {reviewedHere > 0 && ` · ${reviewedHere} reviewed now`}
              </span>
              <span className="flex gap-1">
                <Button variant="ghost" disabled={offset === 0} onClick={() => (setOffset(Math.max(0, offset - PAGE)), setIndex(0))}>
                  ‹
                </Button>
                <Button variant="ghost" disabled={queue.data?.nextOffset == null} onClick={() => (setOffset(queue.data!.nextOffset!), setIndex(0))}>
                  ›
                </Button>
              </span>
            </div>
          </aside>

          <section className="flex min-h-0 flex-col gap-3 overflow-auto p-4" aria-label="Pair">
            {!current && queue.data && <p className="text-[12px] text-fg-subtle">Pick a pair in the queue.</p>}
            {pair.error && <ErrorBox title="Could not load the pair" error={pair.error} />}
            {p && (
              <>
                <div className="flex flex-wrap items-center gap-2 text-[11px] text-fg-subtle">
                  <span>
                    Run #{p.runId} · {p.documentTitle || p.documentId} · view k={p.viewK} · match {p.matchScore.toFixed(3)} · excerpt {(p.excerptRatio * 100).toFixed(0)}% · {p.tokenCount} tokens
                  </span>
                  {p.template.status === "retired" && <Badge tone="warn">template retired</Badge>}
                </div>
                <PairText templateLabel={`Template ${p.templateId} v${p.templateVersion}`} templateText={p.templateText} instruction={p.instruction} answer={p.answer} instructionTestId="audit-instruction" large />
                <div className="flex flex-wrap items-end gap-2">
                  <Button variant="primary" onClick={() => decide("accept")} disabled={review.isPending}>
                    Accept (a)
                  </Button>
                  <Button variant="danger" onClick={() => decide("reject")} disabled={review.isPending}>
                    Reject (x)
                  </Button>
                  <Button onClick={() => decide("flag")} disabled={review.isPending}>
                    Flag (f)
                  </Button>
                  <input ref={noteRef} aria-label="Note" className={cx(inputClass, "min-w-48 flex-1")} placeholder="Note (n), saved with the verdict" value={note} onChange={(e) => setNote(e.target.value)} onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()} />
                </div>
                {!reviewer.trim() && <p className="text-[12px] text-fg-muted">Enter your name as reviewer (left) to record verdicts.</p>}
                {review.error && <ErrorBox title="Could not save the verdict" error={review.error} />}
                {p.reviews.length > 0 && (
                  <ul className="text-[12px]" data-testid="audit-reviews">
                    {p.reviews.map((r) => (
                      <li key={r.id} className="flex gap-2">
                        <Badge tone={VERDICT_TONE[r.verdict]}>{r.verdict}</Badge>
                        <span className="text-fg-muted">{r.reviewer}</span>
                        <span>{r.note}</span>
                      </li>
                    ))}
                  </ul>
                )}
                <div className="rounded-md border border-border p-3 text-[13px]">
                  <div className="mb-1 text-[11px] font-semibold text-fg-muted uppercase">Source document, answer excerpts highlighted</div>
                  <MarkedText text={p.documentText} excerpts={p.excerpts} testId="audit-document" />
                </div>
                <details className="text-[12px]">
                  <summary className="cursor-pointer text-fg-muted">Judge: {p.judgeScore} / 5, with its reasons</summary>
                  <JudgeReasons reasons={p.judgeReasons} />
                </details>
              </>
            )}
          </section>

          <aside className="flex min-h-0 flex-col gap-2 overflow-auto border-l border-border p-3" aria-label="Verdicts per template">
            <h2 className="text-[12px] font-semibold text-fg-muted uppercase">Verdicts per template</h2>
            {stats.data?.length === 0 && <p className="text-[12px] text-fg-subtle">No verdicts yet. Templates that keep getting rejected show up here first.</p>}
            <ul className="flex flex-col gap-2" data-testid="template-verdicts">
              {stats.data?.map((s) => (
                <li key={s.templateId} className="rounded-md border border-border p-2 text-[12px]">
                  <TemplateText text={s.text} compact className="block" />
                  <div className="mt-1 flex items-center gap-1.5">
                    <span className="tabular-nums text-success-soft-fg">{s.accept}✓</span>
                    <span className="tabular-nums text-danger-soft-fg">{s.reject}✗</span>
                    <span className="tabular-nums text-warn-soft-fg">{s.flag}⚑</span>
                    <span className="text-fg-subtle">{Math.round(s.rejectRate * 100)}% rejected</span>
                    {s.status === "retired" ? (
                      <Badge>retired</Badge>
                    ) : (
                      <Button
                        variant="ghost"
                        className="ml-auto"
                        disabled={retire.isPending}
                        onClick={() => retire.mutate({ selection: { ids: [s.templateId] }, action: { setStatus: "retired" } })}
                      >
                        Retire
                      </Button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
            {retire.error && <ErrorBox title="Could not retire the template" error={retire.error} />}
          </aside>
        </div>
      )}
    </div>
  );
}
