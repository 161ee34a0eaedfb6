"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Button, ErrorBox, Field, formatNumber, inputClass, PageHeader, Spinner } from "../../_components/ui";
import { CorpusSelect } from "../../_components/corpus-select";
import { useTRPC } from "../../_trpc/client";
import { fmtDuration } from "./format";

type Encoder = "lexical" | "dense" | "hybrid";

const numOrUndef = (s: string) => (s.trim() === "" ? undefined : Number(s));

export function NewRunForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const options = useQuery(trpc.runs.formOptions.queryOptions());
  const [corpusId, setCorpusId] = useState<string>(params.get("corpus") ?? "");
  const [name, setName] = useState("");
  const [status, setStatus] = useState<"active" | "retired" | "any">("active");
  const [sources, setSources] = useState<string[]>([]);
  const [minVars, setMinVars] = useState("");
  const [maxVars, setMaxVars] = useState("");
  const [search, setSearch] = useState("");
  const [templateLimit, setTemplateLimit] = useState("");
  const [presetId, setPresetId] = useState("");
  const [encoder, setEncoder] = useState<Encoder | "">("");
  const [seed, setSeed] = useState("1");
  const [docLimit, setDocLimit] = useState("");
  const [pairsPerDoc, setPairsPerDoc] = useState("6");
  const [threshold, setThreshold] = useState("4");
  const [usageCap, setUsageCap] = useState("");
  const [sampleRate, setSampleRate] = useState("0.02");
  const [shardSize, setShardSize] = useState("");

  const corpus = corpusId || (options.data?.corpora[0] ? String(options.data.corpora[0].id) : "");
  const input = useMemo(
    () => ({
      name: name.trim() || undefined,
      corpusId: Number(corpus),
      templateFilter: {
        status,
        sources: sources.length ? sources : undefined,
        minVariables: numOrUndef(minVars),
        maxVariables: numOrUndef(maxVars),
        search: search.trim() || undefined,
        limit: numOrUndef(templateLimit),
      },
      presetId: numOrUndef(presetId),
      settings: encoder ? { match: { encoder } } : undefined,
      seed: Number(seed) || 1,
      documentLimit: numOrUndef(docLimit),
      pairsPerDocument: numOrUndef(pairsPerDoc),
      judgeThreshold: numOrUndef(threshold),
      usageCap: numOrUndef(usageCap),
      sampleRate: Number(sampleRate),
      shardSize: numOrUndef(shardSize),
      batchSize: 64,
      maxAttempts: 3,
      heartbeatTtlSec: 30,
    }),
    [name, corpus, status, sources, minVars, maxVars, search, templateLimit, presetId, encoder, seed, docLimit, pairsPerDoc, threshold, usageCap, sampleRate, shardSize],
  );
  const forecast = useMutation(trpc.runs.forecast.mutationOptions());
  const create = useMutation(
    trpc.runs.create.mutationOptions({
      onSuccess: (r) => router.push(`/runs/${r.id}`),
    }),
  );
  const f = forecast.data;
  // A forecast belongs to the inputs it was computed for.
  const [forecastKey, setForecastKey] = useState("");
  const key = JSON.stringify(input);
  const fresh = f && forecastKey === key;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="New run" subtitle="Corpus × templates → pairs. Check the forecast, then launch." />
      <div className="min-h-0 flex-1 overflow-auto p-4">
        {options.error && <ErrorBox title="Could not load the form options" error={options.error} />}
        {options.isLoading && <Spinner />}
        {options.data && (
          <form
            className="grid max-w-5xl grid-cols-1 gap-6 lg:grid-cols-[1fr_340px]"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ run: input, start: true, forecast: fresh ? f : undefined });
            }}
          >
            <div className="flex flex-col gap-5">
              <section className="grid grid-cols-2 gap-3">
                <h2 className="col-span-2 text-[12px] font-semibold text-fg-muted uppercase">Input</h2>
                <Field label="Corpus">
                  <CorpusSelect corpora={options.data.corpora} value={corpus} onChange={setCorpusId} />
                </Field>
                <Field label="Name" hint="Optional">
                  <input aria-label="Name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="corpus × templates" />
                </Field>
                <Field label="Document limit" hint="Empty: the whole corpus">
                  <input aria-label="Document limit" className={inputClass} type="number" min={1} value={docLimit} onChange={(e) => setDocLimit(e.target.value)} />
                </Field>
                <Field label="Seed" hint="Same seed and inputs ⇒ same pairs">
                  <input aria-label="Seed" className={inputClass} type="number" value={seed} onChange={(e) => setSeed(e.target.value)} />
                </Field>
              </section>

              <section className="grid grid-cols-2 gap-3">
                <h2 className="col-span-2 text-[12px] font-semibold text-fg-muted uppercase">
                  Templates{" "}
                  <span className="font-normal normal-case text-fg-subtle">
                    ({options.data.activeTemplates === null ? "?" : formatNumber(options.data.activeTemplates)} active; versions are pinned at launch)
                  </span>
                </h2>
                <Field label="Status">
                  <select aria-label="Template status" className={inputClass} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                    <option value="active">active</option>
                    <option value="retired">retired</option>
                    <option value="any">any</option>
                  </select>
                </Field>
                <Field label="Sources" hint="None selected: all sources">
                  <select
                    aria-label="Template sources"
                    multiple
                    className={`${inputClass} h-20`}
                    value={sources}
                    onChange={(e) => setSources([...e.target.selectedOptions].map((o) => o.value))}
                  >
                    {options.data.sources.map((s) => (
                      <option key={s.value} value={s.value}>
                        {s.value} ({formatNumber(s.count)})
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Variables (min – max)">
                  <div className="flex gap-2">
                    <input aria-label="Min variables" className={`${inputClass} w-full`} type="number" min={0} value={minVars} onChange={(e) => setMinVars(e.target.value)} />
                    <input aria-label="Max variables" className={`${inputClass} w-full`} type="number" min={0} value={maxVars} onChange={(e) => setMaxVars(e.target.value)} />
                  </div>
                </Field>
                <Field label="Text contains">
                  <input aria-label="Template text contains" className={inputClass} value={search} onChange={(e) => setSearch(e.target.value)} />
                </Field>
                <Field label="At most N templates" hint="Lowest ids first (deterministic)">
                  <input aria-label="Template limit" className={inputClass} type="number" min={1} value={templateLimit} onChange={(e) => setTemplateLimit(e.target.value)} />
                </Field>
              </section>

              <section className="grid grid-cols-3 gap-3">
                <h2 className="col-span-3 text-[12px] font-semibold text-fg-muted uppercase">Settings</h2>
                <Field label="Preset" hint="Explicit values below override it">
                  <select aria-label="Preset" className={inputClass} value={presetId} onChange={(e) => setPresetId(e.target.value)}>
                    <option value="">defaults</option>
                    {options.data.presets.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name} v{p.version}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Encoder">
                  <select aria-label="Encoder" className={inputClass} value={encoder} onChange={(e) => setEncoder(e.target.value as Encoder | "")}>
                    <option value="">preset / default</option>
                    <option value="lexical">lexical</option>
                    <option value="dense">dense</option>
                    <option value="hybrid">hybrid</option>
                  </select>
                </Field>
                <Field label="Pairs per document" hint="Templates matched per document">
                  <input aria-label="Pairs per document" className={inputClass} type="number" min={1} max={50} value={pairsPerDoc} onChange={(e) => setPairsPerDoc(e.target.value)} />
                </Field>
                <Field label="Judge threshold" hint="Keep pairs scoring ≥ this (1–5)">
                  <input aria-label="Judge threshold" className={inputClass} type="number" min={1} max={5} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
                </Field>
                <Field label="Usage cap per template" hint="Over the whole run; empty: preset">
                  <input aria-label="Usage cap" className={inputClass} type="number" min={1} value={usageCap} onChange={(e) => setUsageCap(e.target.value)} />
                </Field>
                <Field label="Audit sample rate" hint="Share of pairs kept in the studio">
                  <input aria-label="Sample rate" className={inputClass} type="number" step="0.01" min={0} max={1} value={sampleRate} onChange={(e) => setSampleRate(e.target.value)} />
                </Field>
                <Field label="Shard size" hint="Documents per shard; empty: automatic">
                  <input aria-label="Shard size" className={inputClass} type="number" min={1} value={shardSize} onChange={(e) => setShardSize(e.target.value)} />
                </Field>
              </section>
            </div>

            <aside className="flex flex-col gap-3 rounded-md border border-border bg-bg-subtle p-3" aria-label="Forecast">
              <div className="flex items-center justify-between">
                <h2 className="text-[12px] font-semibold text-fg-muted uppercase">Forecast</h2>
                <Button
                  disabled={!corpus || forecast.isPending}
                  onClick={() => {
                    setForecastKey(key);
                    forecast.mutate(input);
                  }}
                >
                  {forecast.isPending ? "Computing…" : "Compute forecast"}
                </Button>
              </div>
              {forecast.error && <ErrorBox title="Forecast failed" error={forecast.error} />}
              {!f && !forecast.isPending && <p className="text-[12px] text-fg-subtle">Runs the engine on a sample of the corpus with these settings.</p>}
              {f && (
                <dl className={`grid grid-cols-2 gap-x-3 gap-y-1.5 text-[12px] ${fresh ? "" : "opacity-50"}`} data-testid="forecast">
                  <dt className="text-fg-subtle">Documents</dt>
                  <dd className="text-right tabular-nums">{formatNumber(f.documents)}</dd>
                  <dt className="text-fg-subtle">Templates</dt>
                  <dd className="text-right tabular-nums">{formatNumber(f.templates)}</dd>
                  <dt className="text-fg-subtle">Expected pairs</dt>
                  <dd className="text-right font-semibold tabular-nums" data-testid="forecast-pairs">
                    {formatNumber(f.expectedPairs)}
                  </dd>
                  <dt className="text-fg-subtle">Pairs / document</dt>
                  <dd className="text-right tabular-nums">{f.pairsPerDocument.toFixed(2)}</dd>
                  <dt className="text-fg-subtle">Tokens</dt>
                  <dd className="text-right tabular-nums">{formatNumber(f.expectedTokens)}</dd>
                  <dt className="text-fg-subtle">Judge keep rate</dt>
                  <dd className="text-right tabular-nums">{(f.keepRate * 100).toFixed(1)}%</dd>
                  <dt className="text-fg-subtle">Measured speed</dt>
                  <dd className="text-right tabular-nums">{f.docsPerSecond.toFixed(0)} docs/s</dd>
                  <dt className="text-fg-subtle">Time, 1 worker</dt>
                  <dd className="text-right tabular-nums">{fmtDuration(f.etaSeconds)}</dd>
                  <dt className="text-fg-subtle">Time, 2 workers</dt>
                  <dd className="text-right tabular-nums">{fmtDuration(f.etaSeconds / 2)}</dd>
                  <dd className="col-span-2 mt-1 text-[11px] text-fg-subtle">
                    {f.note}
                    {!fresh && " (settings changed since: recompute)"}
                  </dd>
                </dl>
              )}
              {create.error && <ErrorBox title="Could not launch" error={create.error} />}
              <Button type="submit" variant="primary" disabled={!corpus || create.isPending} className="mt-auto justify-center">
                {create.isPending ? "Launching…" : "Launch run"}
              </Button>
            </aside>
          </form>
        )}
      </div>
    </div>
  );
}
