"use client";
// Tune: the engine's knobs with a live preview on a sample of a corpus (the pairs with their judge reasons, yield,
// score and complexity histograms, rejection reasons), saved as a preset that runs can use.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { ComplexityChart, ChartCard, JudgeScoreChart } from "../../runs/_components/charts";
import { useHotkeys } from "../../_components/hotkeys";
import { Badge, Button, cx, EmptyState, ErrorBox, Field, formatNumber, inputClass, PageHeader, Spinner } from "../../_components/ui";
import { CorpusSelect } from "../../_components/corpus-select";
import { PairText } from "../../_components/pair-text";
import { JudgeReasons } from "../../_components/judge-reasons";
import { Stat } from "../../_components/stat";
import { useToast } from "../../_components/toast";
import { useTRPC } from "../../_trpc/client";
import { DEFAULT_SETTINGS, globalWeightOf, hubPenaltyOf, supportPriorOf } from "@/server/pipeline/defaults";
import type { EngineSettings } from "@/server/pipeline/types";

type Encoder = EngineSettings["match"]["encoder"];

/** The knobs as the form holds them; the threshold is empty for the encoder's calibrated default. */
interface Knobs {
  encoder: Encoder;
  topN: number;
  localViews: number;
  sigma: number;
  threshold: string;
  complexityTarget: number[];
  supportPrior: number;
  hubPenalty: number;
  globalWeight: number;
  minExcerptRatio: number;
  maxAnswerSentences: number;
  judgeThreshold: number;
  tokenBudget: boolean;
  seed: number;
}

type NumericKnob = { [K in keyof Knobs]: Knobs[K] extends number ? K : never }[keyof Knobs];

function knobsOf(s: EngineSettings, calibrated = true): Knobs {
  return {
    encoder: s.match.encoder,
    topN: s.match.topN,
    localViews: s.match.localViews,
    sigma: s.match.sigma,
    threshold: calibrated || s.match.threshold === undefined ? "" : String(s.match.threshold),
    complexityTarget: [...s.match.complexityTarget],
    supportPrior: supportPriorOf(s.match),
    hubPenalty: hubPenaltyOf(s.match),
    globalWeight: globalWeightOf(s.match),
    minExcerptRatio: s.instantiate.minExcerptRatio,
    maxAnswerSentences: s.instantiate.maxAnswerSentences,
    judgeThreshold: s.judge.threshold,
    tokenBudget: s.assemble.tokenBudget,
    seed: s.seed,
  };
}

function settingsOf(k: Knobs) {
  return {
    seed: k.seed,
    match: { encoder: k.encoder, topN: k.topN, localViews: k.localViews, sigma: k.sigma, threshold: k.threshold === "" ? undefined : Number(k.threshold), complexityTarget: k.complexityTarget, supportPrior: k.supportPrior, hubPenalty: k.hubPenalty, globalWeight: k.globalWeight },
    instantiate: { minExcerptRatio: k.minExcerptRatio, maxAnswerSentences: k.maxAnswerSentences },
    judge: { threshold: k.judgeThreshold },
    assemble: { tokenBudget: k.tokenBudget },
  };
}

const DEFAULT_KNOBS = knobsOf(DEFAULT_SETTINGS);

function Slider({ label, value, min, max, step, onChange, format = String, hint }: { label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void; format?: (v: number) => string; hint?: string }) {
  return (
    <label className="flex flex-col gap-1 text-[12px]" title={hint}>
      <span className="flex justify-between">
        <span className="text-fg-muted">{label}</span>
        <span className="tabular-nums">{format(value)}</span>
      </span>
      <input aria-label={label} type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} className="accent-[var(--accent)]" />
    </label>
  );
}

export function TuneView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = useQuery(trpc.runs.formOptions.queryOptions());
  const presets = useQuery(trpc.tune.presets.queryOptions());
  const [corpusId, setCorpusId] = useState("");
  const [sampleSize, setSampleSize] = useState(100);
  const [knobs, setKnobs] = useState<Knobs>(DEFAULT_KNOBS);
  const [live, setLive] = useState(true);
  const [presetName, setPresetName] = useState("");
  const [presetNote, setPresetNote] = useState("");
  const set = <K extends keyof Knobs>(k: K, v: Knobs[K]) => setKnobs((s) => ({ ...s, [k]: v }));
  /** A slider's value and change handler for a numeric knob. */
  const knob = (k: NumericKnob) => ({ value: knobs[k], onChange: (v: number) => set(k, v) });

  const corpus = corpusId || (options.data?.corpora[0] ? String(options.data.corpora[0].id) : "");
  const input = useMemo(() => ({ corpusId: Number(corpus), sampleSize, settings: settingsOf(knobs), seed: knobs.seed, templateFilter: { status: "active" as const } }), [corpus, sampleSize, knobs]);
  const key = JSON.stringify(input);
  const [selected, setSelected] = useState(0);
  const preview = useMutation(trpc.tune.preview.mutationOptions({ onSuccess: () => setSelected(0) }));
  const [previewKey, setPreviewKey] = useState("");
  const run = () => {
    setPreviewKey(key);
    preview.mutate(input);
  };
  // Live preview: recompute shortly after the knobs stop moving.
  useEffect(() => {
    if (!live || !corpus || key === previewKey) return;
    const t = setTimeout(run, 500);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, live, corpus]);
  const save = useMutation(
    trpc.tune.savePreset.mutationOptions({
      onSuccess: () => {
        qc.invalidateQueries({ queryKey: trpc.tune.presets.queryKey() });
        // The new-run form lists presets too.
        qc.invalidateQueries({ queryKey: trpc.runs.formOptions.queryKey() });
      },
    }),
  );

  // Templates retired from this screen since the preview was computed: their pairs leave the list at once, and the
  // figures above them count them until the next recompute.
  const [retiredFrom, setRetiredFrom] = useState<{ preview: unknown; ids: string[] }>({ preview: null, ids: [] });
  const retired = retiredFrom.preview === preview.data ? retiredFrom.ids : [];
  const toast = useToast();
  const setStatus = useMutation(trpc.templates.bulk.mutationOptions());
  const retireTemplate = (templateId: string) => {
    if (setStatus.isPending || retired.includes(templateId)) return;
    setStatus.mutate(
      { selection: { ids: [templateId] }, action: { setStatus: "retired" } },
      {
        onSuccess: () => {
          setRetiredFrom({ preview: preview.data, ids: [...retired, templateId] });
          qc.invalidateQueries({ queryKey: trpc.templates.pathKey() });
          qc.invalidateQueries({ queryKey: trpc.stats.pathKey() });
          toast({ kind: "success", title: "Template retired", message: `${templateId}: its pairs are out of the list; runs will not use it. Reactivate it on the Templates screen (r).` });
        },
        onError: (e) => toast({ kind: "error", title: "Could not retire the template", message: e.message }),
      },
    );
  };

  const p = preview.data;
  const stale = !!p && previewKey !== key;
  const pairs = (p?.pairs ?? []).filter((x) => !retired.includes(x.templateId));
  const current = pairs[Math.min(selected, pairs.length - 1)];
  useHotkeys([
    { key: "j", description: "Next pair", handler: () => setSelected((i) => Math.min(i + 1, pairs.length - 1)) },
    { key: "k", description: "Previous pair", handler: () => setSelected((i) => Math.max(i - 1, 0)) },
    { key: "r", description: "Recompute the preview", handler: () => corpus && run() },
    { key: "x", description: "Retire the pair's template", handler: () => current && retireTemplate(current.templateId) },
  ]);
  useEffect(() => {
    document.querySelector(`[data-pair-index="${selected}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const targetSum = knobs.complexityTarget.reduce((a, b) => a + b, 0);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Tune"
        subtitle="Turn the knobs; the engine reruns on a sample of the corpus. Save what you like as a preset for runs."
        actions={
          <label className="flex items-center gap-1.5 text-[12px]">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} aria-label="Live preview" /> Live preview
          </label>
        }
      />
      {options.error && <ErrorBox title="Could not load the corpora" error={options.error} />}
      {options.data && options.data.corpora.length === 0 && (
        <div className="p-4">
          <EmptyState title="No corpus to preview on" action={<Link href="/corpora/register" className="text-accent underline">Register a corpus</Link>}>
            The preview runs the engine on documents of a corpus. Register one (or import documents), then come back.
          </EmptyState>
        </div>
      )}
      {options.data && options.data.corpora.length > 0 && (
        <div className="grid min-h-0 flex-1 grid-cols-1 lg:grid-cols-[300px_1fr]">
          <aside className="flex flex-col gap-4 overflow-auto border-r border-border p-3" aria-label="Knobs">
            <section className="flex flex-col gap-2">
              <h2 className="text-[12px] font-semibold text-fg-muted uppercase">Sample</h2>
              <Field label="Corpus">
                <CorpusSelect corpora={options.data.corpora} value={corpus} onChange={setCorpusId} />
              </Field>
              <Slider label="Sample documents" value={sampleSize} min={10} max={500} step={10} onChange={setSampleSize} />
              <Field label="Seed">
                <input aria-label="Seed" className={inputClass} type="number" value={knobs.seed} onChange={(e) => set("seed", Number(e.target.value) || 0)} />
              </Field>
            </section>

            <section className="flex flex-col gap-2">
              <h2 className="text-[12px] font-semibold text-fg-muted uppercase">Match</h2>
              <Field label="Encoder" hint={knobs.encoder === "lexical" ? undefined : "Dense and hybrid encode every view with a model on the CPU: slow on large samples"}>
                <select aria-label="Encoder" className={inputClass} value={knobs.encoder} onChange={(e) => set("encoder", e.target.value as Encoder)}>
                  <option value="lexical">lexical</option>
                  <option value="dense">dense</option>
                  <option value="hybrid">hybrid</option>
                </select>
              </Field>
              <Slider label="Templates per document (N)" {...knob("topN")} min={1} max={12} step={1} />
              <Slider label="Local views (K)" {...knob("localViews")} min={0} max={10} step={1} />
              <Slider label="View width (σ)" {...knob("sigma")} min={0.01} max={0.3} step={0.01} format={(v) => v.toFixed(2)} />
              <Slider label="Global view weight" {...knob("globalWeight")} min={0} max={1} step={0.1} format={(v) => v.toFixed(1)} hint="Share of a template's score on the whole document in its score on each view: templates that fit the whole document as well as a part come first; 0 scores each view alone" />
              <Slider label="Support prior" {...knob("supportPrior")} min={0} max={0.1} step={0.01} format={(v) => v.toFixed(2)} hint="Score added per ln(source queries a template stands for): often-asked templates first; 0 turns it off" />
              <Slider label="Hubness penalty" {...knob("hubPenalty")} min={0} max={1.5} step={0.1} format={(v) => v.toFixed(1)} hint="Score taken off per unit of a template's hubness (its mean score over the corpus documents it fits best, plus 1.2 × the share of sampled documents it is among the six best of) over √(source queries): templates that fit many documents give way; lexical encoder only; 0 turns it off" />
              <Field label="Similarity threshold" hint={`Empty: the encoder's calibrated default${p ? ` (${p.settings.match.threshold})` : ""}`}>
                <input aria-label="Similarity threshold" className={inputClass} type="number" step="0.01" min={0} max={1} value={knobs.threshold} placeholder="calibrated" onChange={(e) => set("threshold", e.target.value)} />
              </Field>
              <div className="flex flex-col gap-1 text-[12px]">
                <span className="text-fg-muted">Complexity target (share by variable count)</span>
                <div className="grid grid-cols-4 gap-1">
                  {knobs.complexityTarget.map((v, i) => (
                    <label key={i} className="flex flex-col text-[11px] text-fg-subtle">
                      {i + 1 === knobs.complexityTarget.length ? `${i + 1}+` : i + 1}
                      <input
                        aria-label={`Complexity target ${i + 1}`}
                        className={inputClass}
                        type="number"
                        step="0.05"
                        min={0}
                        max={1}
                        value={v}
                        onChange={(e) => set("complexityTarget", knobs.complexityTarget.map((x, j) => (j === i ? Math.max(0, Number(e.target.value) || 0) : x)))}
                      />
                    </label>
                  ))}
                </div>
                {Math.abs(targetSum - 1) > 0.001 && <span className="text-[11px] text-fg-subtle">Shares are normalised (they sum to {targetSum.toFixed(2)}).</span>}
              </div>
            </section>

            <section className="flex flex-col gap-2">
              <h2 className="text-[12px] font-semibold text-fg-muted uppercase">Instantiate, judge, assemble</h2>
              <Slider label="Min excerpt ratio" {...knob("minExcerptRatio")} min={0.5} max={1} step={0.05} format={(v) => v.toFixed(2)} hint="Share of answer tokens copied verbatim from the document" />
              <Slider label="Max answer sentences" {...knob("maxAnswerSentences")} min={1} max={8} step={1} />
              <Slider label="Judge keep threshold" {...knob("judgeThreshold")} min={1} max={5} step={1} />
              <label className="flex items-center gap-1.5 text-[12px]">
                <input type="checkbox" aria-label="Token budget" checked={knobs.tokenBudget} onChange={(e) => set("tokenBudget", e.target.checked)} /> Per-document token budget with rollover
              </label>
            </section>

            <section className="flex flex-col gap-2">
              <h2 className="text-[12px] font-semibold text-fg-muted uppercase">Presets</h2>
              <Field label="Load">
                <select
                  aria-label="Load preset"
                  className={inputClass}
                  value=""
                  onChange={(e) => {
                    const pr = presets.data?.find((x) => String(x.id) === e.target.value);
                    if (pr) {
                      setKnobs(knobsOf(pr.settings as unknown as EngineSettings, false));
                      setPresetName(pr.name);
                    }
                  }}
                >
                  <option value="">{presets.data?.length ? "choose a preset…" : "no presets yet"}</option>
                  {presets.data?.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name} v{x.version}
                    </option>
                  ))}
                </select>
              </Field>
              <Button variant="secondary" onClick={() => setKnobs(DEFAULT_KNOBS)}>
                Reset to defaults
              </Button>
              <form
                className="flex flex-col gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  save.mutate({ name: presetName, note: presetNote, settings: settingsOf(knobs) });
                }}
              >
                <input aria-label="Preset name" className={inputClass} placeholder="Preset name" value={presetName} onChange={(e) => setPresetName(e.target.value)} />
                <input aria-label="Preset note" className={inputClass} placeholder="Note (optional)" value={presetNote} onChange={(e) => setPresetNote(e.target.value)} />
                <Button type="submit" variant="primary" disabled={save.isPending}>
                  {save.isPending ? "Saving…" : "Save as preset"}
                </Button>
                {save.data && (
                  <p className="text-[12px] text-fg-muted" data-testid="preset-saved">
                    Saved “{save.data.name}” v{save.data.version}. <Link className="text-accent underline" href={`/runs/new?corpus=${corpus}`}>Use it in a new run</Link>
                  </p>
                )}
                {save.error && <ErrorBox title="Could not save the preset" error={save.error} />}
              </form>
            </section>
          </aside>

          <section className="flex min-h-0 flex-col gap-3 overflow-auto p-3" aria-label="Preview">
            <div className="flex items-center gap-2">
              <Button onClick={run} disabled={!corpus || preview.isPending}>
                {preview.isPending ? "Running…" : "Recompute (r)"}
              </Button>
              {preview.isPending && <Spinner label={`Running the engine on ${sampleSize} documents`} />}
              {stale && !preview.isPending && <Badge tone="warn">settings changed: {live ? "recomputing soon" : "recompute to update"}</Badge>}
              {retired.length > 0 && !preview.isPending && (
                <span data-testid="retired-since-preview">
                  <Badge tone="warn">
                    {retired.length} template{retired.length === 1 ? "" : "s"} retired: the figures count {retired.length === 1 ? "it" : "them"} until you recompute
                  </Badge>
                </span>
              )}
              {p && (
                <span className="ml-auto text-[11px] text-fg-subtle">
                  {p.engine} · settings {p.settingsHash} · {p.templates.toLocaleString()} templates · index {p.indexMs} ms
                </span>
              )}
            </div>
            {preview.error && <ErrorBox title="Preview failed" error={preview.error} />}
            {!p && !preview.isPending && !preview.error && <p className="text-[12px] text-fg-subtle">The preview appears here.</p>}
            {p && (
              <div className={cx("flex flex-col gap-3", stale && "opacity-60")} data-testid="preview">
                <div className="grid grid-cols-2 gap-2 md:grid-cols-5">
                  <Stat label="Pairs / document" value={p.pairsPerDocument.toFixed(2)} testId="pairs-per-doc" />
                  <Stat label="Documents with a pair" value={`${Math.round((100 * p.documentsWithPairs) / Math.max(1, p.sampleDocuments))}%`} />
                  <Stat label="Judge keep rate" value={`${(p.keepRate * 100).toFixed(1)}%`} testId="keep-rate" />
                  <Stat label="Tokens / document" value={p.tokensPerDocument.toFixed(0)} />
                  <Stat label="Engine speed" value={`${p.docsPerSecond.toFixed(0)} docs/s`} />
                </div>
                <p className="text-[12px] text-fg-subtle" data-testid="funnel">
                  {formatNumber(p.counters.documents)} documents → {formatNumber(p.counters.matched)} matches → {formatNumber(p.counters.instantiated)} instantiated → {formatNumber(p.counters.kept)} kept by the judge → {formatNumber(p.counters.assembled)} written
                </p>
                <div className="grid grid-cols-1 gap-3 xl:grid-cols-3">
                  <ChartCard title="Judge scores" note="All judged pairs and those written; the line is the keep threshold" testId="chart-judge">
                    <JudgeScoreChart all={p.judgeScores.all} kept={p.judgeScores.kept} threshold={p.settings.judge.threshold} />
                  </ChartCard>
                  <ChartCard title="Complexity" note="Written pairs by variable count, against the target" testId="chart-complexity">
                    <ComplexityChart complexity={p.complexity} target={p.settings.match.complexityTarget} />
                  </ChartCard>
                  <section className="flex flex-col rounded-md border border-border p-3" data-testid="rejections">
                    <h3 className="text-[12px] font-semibold">Why pairs were dropped</h3>
                    {p.rejections.length === 0 && <p className="text-[12px] text-fg-subtle">Nothing was dropped.</p>}
                    <ul className="mt-2 flex flex-col gap-1 overflow-auto text-[12px]" style={{ maxHeight: 190 }}>
                      {p.rejections.map((r) => (
                        <li key={r.reason} className="flex justify-between gap-2">
                          <span className="font-mono text-[11px]">{r.reason}</span>
                          <span className="tabular-nums">{formatNumber(r.count)}</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                </div>

                {pairs.length === 0 ? (
                  <EmptyState title="No pair passed">Lower the similarity or judge threshold, raise N, or widen the sample.</EmptyState>
                ) : (
                  <div className="grid min-h-[360px] grid-cols-1 gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
                    <ol className="overflow-auto rounded-md border border-border" role="listbox" aria-label="Pairs" style={{ maxHeight: 520 }}>
                      {pairs.map((x, i) => (
                        <li
                          key={`${x.documentId}-${x.templateId}-${x.viewK}`}
                          data-pair-index={i}
                          role="option"
                          aria-selected={i === selected}
                          onClick={() => setSelected(i)}
                          className={cx("cursor-pointer border-b border-border px-3 py-2 text-[12px]", i === selected ? "bg-accent-soft" : "hover:bg-bg-subtle")}
                        >
                          <div className="flex items-center gap-2">
                            <Badge tone={x.judgeScore >= 5 ? "success" : "neutral"}>{x.judgeScore}</Badge>
                            <span className="truncate font-medium">{x.instruction}</span>
                          </div>
                          <div className="mt-0.5 truncate text-fg-subtle">{x.documentTitle ?? x.documentId}</div>
                        </li>
                      ))}
                    </ol>
                    {current && (
                      <article className="flex flex-col gap-2 overflow-auto rounded-md border border-border p-3 text-[12px]" data-testid="pair-detail" style={{ maxHeight: 520 }}>
                        <div className="text-[11px] text-fg-subtle">
                          Pair {Math.min(selected, pairs.length - 1) + 1} of {pairs.length} · j / k to move · {x(current)}
                        </div>
                        <PairText templateLabel="Template" templateText={current.templateText} instruction={current.instruction} answer={current.answer} instructionTestId="pair-instruction" />
                        <div className="flex items-center gap-3">
                          <Link href={`/templates?open=${encodeURIComponent(current.templateId)}`} className="text-accent hover:underline">
                            Open the template
                          </Link>
                          <Button onClick={() => retireTemplate(current.templateId)} disabled={setStatus.isPending} title="Retire the template this pair came from (x)">
                            Retire template (x)
                          </Button>
                        </div>
                        <div>
                          <div className="text-[11px] font-semibold text-fg-muted uppercase">Judge: {current.judgeScore} / 5</div>
                          <JudgeReasons reasons={current.judgeReasons} />
                        </div>
                      </article>
                    )}
                  </div>
                )}
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

function x(p: { viewK: number; matchScore: number; excerptRatio: number; tokens: number; variableCount: number }) {
  return `view k=${p.viewK} · match ${p.matchScore.toFixed(3)} · excerpt ${(p.excerptRatio * 100).toFixed(0)}% · ${p.tokens} tokens · ${p.variableCount} variable${p.variableCount === 1 ? "" : "s"}`;
}
