"use client";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { KeyValue, PanelSection, SidePanel } from "../_components/side-panel";
import { useToast } from "../_components/toast";
import {
  Badge,
  Button,
  cx,
  EmptyState,
  ErrorBox,
  Field,
  formatDate,
  formatNumber,
  inputClass,
  PageHeader,
  ProgressBar,
  relativeTime,
  Spinner,
  StatusBadge,
} from "../_components/ui";
import { useUrlState } from "../_components/url-state";
import { useTRPC } from "../_trpc/client";
import { parseReport } from "./report";

type Kind = "queries" | "documents" | "templates";
const KINDS: { value: Kind; label: string; help: string }[] = [
  { value: "queries", label: "Queries", help: "Real user questions, one per record. Templates are genericized from them." },
  { value: "documents", label: "Documents", help: "A small corpus kept in full for browsing (large corpora: register the files instead)." },
  { value: "templates", label: "Templates", help: "A template bank: text with <fi>variables</fi>, optionally a compatible-document description and tags." },
];

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function guessFormat(name: string): string {
  const n = name.toLowerCase();
  if (n.endsWith(".csv") || n.endsWith(".tsv")) return "csv";
  if (n.endsWith(".parquet")) return "parquet";
  return "jsonl";
}

/** POSTs the file as the raw body (XHR: fetch has no upload progress). */
interface UploadResult {
  importId: number;
  status: "completed" | "failed";
  imported: number;
  duplicates: number;
  badLines: number;
  error?: string;
}

function uploadFile(file: File, params: URLSearchParams, onProgress: (sent: number, total: number) => void): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/upload?${params}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: Partial<UploadResult> & { error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && typeof body.importId === "number") resolve(body as UploadResult);
      else reject(new Error(body.error ?? `upload failed (HTTP ${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("upload failed: the connection to the studio was lost"));
    xhr.send(file);
  });
}

export function ImportsView() {
  const url = useUrlState();
  const openId = Number(url.get("open")) || null;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="Imports" subtitle="Bring queries, documents and templates in from JSONL, CSV or Parquet files" />
      <div className="flex min-h-0 flex-1">
        <UploadForm onStarted={(id) => url.set({ open: id })} initialKind={(url.get("kind") as Kind) ?? "queries"} />
        <History openId={openId} onOpen={(id) => url.set({ open: id })} />
        {openId && <ImportReport id={openId} onClose={() => url.set({ open: null })} />}
      </div>
    </div>
  );
}

function UploadForm({ onStarted, initialKind }: { onStarted: (id: number) => void; initialKind: Kind }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>(KINDS.some((k) => k.value === initialKind) ? initialKind : "queries");
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("auto");
  const [source, setSource] = useState("");
  const [corpus, setCorpus] = useState("");
  const [strict, setStrict] = useState(false);
  const [fields, setFields] = useState({ idField: "", textField: "", titleField: "", sourceField: "", descriptionField: "" });
  const [showMapping, setShowMapping] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const importing = progress !== null && progress.sent >= progress.total;
  const live = useQuery(trpc.imports.progress.queryOptions({ token: token ?? "--------" }, { enabled: !!token && importing, refetchInterval: 500 }));
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  async function submit() {
    if (!file) return;
    setError(null);
    const t = crypto.randomUUID();
    setToken(t);
    const params = new URLSearchParams({ kind, fileName: file.name, strict: strict ? "1" : "0", token: t });
    if (format !== "auto") params.set("format", format);
    if (source.trim()) params.set("source", source.trim());
    if (kind === "documents" && corpus.trim()) params.set("corpus", corpus.trim());
    for (const [k, v] of Object.entries(fields)) if (v.trim()) params.set(k, v.trim());
    setProgress({ sent: 0, total: file.size });
    try {
      const r = await uploadFile(file, params, (sent, total) => setProgress({ sent, total }));
      const importId = r.importId;
      if (r.status === "failed") toast({ kind: "error", title: `Import #${importId} failed`, message: r.error ?? file.name });
      else
        toast({
          kind: r.badLines > 0 ? "info" : "success",
          title: `Import #${importId}: ${r.imported.toLocaleString("en-US")} imported`,
          message: `${r.duplicates.toLocaleString("en-US")} duplicates · ${r.badLines.toLocaleString("en-US")} bad lines`,
        });
      onStarted(importId);
      setFile(null);
      if (inputRef.current) inputRef.current.value = "";
      void queryClient.invalidateQueries();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setError(message);
      toast({ kind: "error", title: "Upload failed", message });
    } finally {
      setProgress(null);
      setToken(null);
    }
  }

  const effectiveFormat = format === "auto" && file ? guessFormat(file.name) : format;
  const kindInfo = KINDS.find((k) => k.value === kind)!;
  return (
    <form
      aria-label="Import a file"
      className="flex w-[360px] shrink-0 flex-col gap-3 overflow-y-auto border-r border-border bg-bg-subtle p-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div>
        <div className="mb-1 text-[12px] font-medium text-fg-muted">What does the file hold?</div>
        <div role="radiogroup" aria-label="Kind" className="grid grid-cols-3 rounded-md border border-border-strong p-0.5">
          {KINDS.map((k) => (
            <button
              key={k.value}
              type="button"
              role="radio"
              aria-checked={kind === k.value}
              onClick={() => setKind(k.value)}
              className={cx("h-6 rounded text-[12px]", kind === k.value ? "bg-accent text-accent-fg" : "text-fg-muted hover:bg-bg-hover")}
            >
              {k.label}
            </button>
          ))}
        </div>
        <p className="mt-1 text-[11px] text-fg-subtle">{kindInfo.help}</p>
      </div>

      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const f = e.dataTransfer.files[0];
          if (f) setFile(f);
        }}
        className={cx(
          "flex flex-col items-center gap-1 rounded-md border border-dashed p-4 text-center text-[12px]",
          dragging ? "border-accent bg-accent-soft" : "border-border-strong bg-bg",
        )}
      >
        {file ? (
          <>
            <div className="font-medium break-all">{file.name}</div>
            <div className="text-fg-subtle">
              {formatBytes(file.size)} · {effectiveFormat}
            </div>
          </>
        ) : (
          <div className="text-fg-subtle">Drop a .jsonl, .csv or .parquet file here</div>
        )}
        <label className="mt-1 cursor-pointer text-accent hover:underline">
          {file ? "choose another file" : "or choose a file"}
          <input
            ref={inputRef}
            type="file"
            aria-label="File to import"
            accept=".jsonl,.ndjson,.json,.csv,.tsv,.parquet"
            className="sr-only"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
      </div>

      <div className="grid grid-cols-2 gap-2">
        <Field label="Format">
          <select aria-label="Format" className={inputClass} value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="auto">from file name</option>
            <option value="jsonl">JSONL</option>
            <option value="csv">CSV</option>
            <option value="parquet">Parquet</option>
          </select>
        </Field>
        <Field label={kind === "documents" ? "Source label" : "Source name"}>
          <input aria-label="Source name" className={inputClass} placeholder={file ? (kind === "templates" ? `import:${file.name}` : file.name.replace(/\.[^.]+$/, "")) : "file name"} value={source} onChange={(e) => setSource(e.target.value)} />
        </Field>
      </div>
      {kind === "documents" && (
        <Field label="Corpus" hint="Documents go into this corpus, created if new (default: the source name).">
          <input aria-label="Corpus" className={inputClass} placeholder="corpus name" value={corpus} onChange={(e) => setCorpus(e.target.value)} />
        </Field>
      )}

      <div>
        <button type="button" className="text-[12px] text-accent hover:underline" onClick={() => setShowMapping((s) => !s)} aria-expanded={showMapping}>
          {showMapping ? "▾" : "▸"} Field mapping
        </button>
        {showMapping && (
          <div className="mt-2 grid grid-cols-2 gap-2">
            <Field label="Id field">
              <input aria-label="Id field" className={inputClass} placeholder="id" value={fields.idField} onChange={(e) => setFields({ ...fields, idField: e.target.value })} />
            </Field>
            <Field label="Text field">
              <input
                aria-label="Text field"
                className={inputClass}
                placeholder={kind === "templates" ? "template / text" : kind === "documents" ? "text / content" : "text / query"}
                value={fields.textField}
                onChange={(e) => setFields({ ...fields, textField: e.target.value })}
              />
            </Field>
            {kind === "documents" && (
              <Field label="Title field">
                <input aria-label="Title field" className={inputClass} placeholder="title" value={fields.titleField} onChange={(e) => setFields({ ...fields, titleField: e.target.value })} />
              </Field>
            )}
            {kind === "templates" && (
              <Field label="Description field">
                <input
                  aria-label="Description field"
                  className={inputClass}
                  placeholder="compatible_document_description"
                  value={fields.descriptionField}
                  onChange={(e) => setFields({ ...fields, descriptionField: e.target.value })}
                />
              </Field>
            )}
            <Field label="Source field">
              <input aria-label="Source field" className={inputClass} placeholder="source" value={fields.sourceField} onChange={(e) => setFields({ ...fields, sourceField: e.target.value })} />
            </Field>
            <p className="col-span-2 text-[11px] text-fg-subtle">Leave empty to use the usual names (shown as placeholders).</p>
          </div>
        )}
      </div>

      <label className="flex items-start gap-2 text-[12px]">
        <input type="checkbox" aria-label="Strict" checked={strict} onChange={(e) => setStrict(e.target.checked)} className="mt-0.5 accent-[var(--accent)]" />
        <span>
          <span className="font-medium">Strict</span>
          <span className="block text-[11px] text-fg-subtle">Import nothing if any line is bad. Otherwise good lines are imported and bad ones reported.</span>
        </span>
      </label>

      {progress && !importing && (
        <ProgressBar value={progress.sent} max={progress.total} label={`Uploading ${formatBytes(progress.sent)} of ${formatBytes(progress.total)}`} />
      )}
      {importing && (
        <ProgressBar
          value={live.data?.bytesRead ?? 0}
          max={live.data ? live.data.totalBytes : null}
          label={
            live.data
              ? live.data.phase === "writing"
                ? `Writing ${formatNumber(live.data.records)} records…`
                : `Importing: ${formatNumber(live.data.linesRead)} lines read · ${formatNumber(live.data.badLines)} bad`
              : "Upload complete, importing…"
          }
        />
      )}
      {error && (
        <div role="alert" className="rounded-md border border-danger/40 bg-danger-soft px-2 py-1.5 text-[12px] text-danger-soft-fg">
          {error}
        </div>
      )}
      <Button type="submit" variant="primary" disabled={!file || !!progress} className="justify-center">
        {progress ? (importing ? "Importing…" : "Uploading…") : `Import ${kindInfo.label.toLowerCase()}`}
      </Button>
      <p className="text-[11px] text-fg-subtle">
        Large files: <code className="font-mono">npx fistudio import {kind} FILE</code> reads them where they are.
      </p>
    </form>
  );
}

function History({ openId, onOpen }: { openId: number | null; onOpen: (id: number) => void }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.imports.list.infiniteQueryOptions(
      { limit: 50 },
      {
        getNextPageParam: (p) => p.nextCursor,
        refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((i) => i.status === "running")) ? 1000 : false),
      },
    ),
  );
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  return (
    <section aria-label="Import history" className="flex min-w-0 flex-1 flex-col">
      <div className="flex h-9 shrink-0 items-center border-b border-border px-3 text-[12px] font-medium">History</div>
      <div className="min-h-0 flex-1 overflow-auto">
        {list.isLoading && (
          <div className="p-4">
            <Spinner />
          </div>
        )}
        {list.error && <ErrorBox title="Could not load imports" error={list.error} />}
        {list.data && rows.length === 0 && (
          <EmptyState title="No imports yet">Choose a file on the left. The report of every import stays here, with its bad lines by line number.</EmptyState>
        )}
        {rows.length > 0 && (
          <table className="w-full text-[12px]" aria-label="Imports">
            <thead className="sticky top-0 border-b border-border bg-bg-subtle text-left text-[11px] text-fg-subtle">
              <tr>
                <th className="h-8 px-3 font-medium">#</th>
                <th className="px-3 font-medium">File</th>
                <th className="px-3 font-medium">Kind</th>
                <th className="px-3 font-medium">Status</th>
                <th className="px-3 text-right font-medium">Imported</th>
                <th className="px-3 text-right font-medium">Duplicates</th>
                <th className="px-3 text-right font-medium">Bad lines</th>
                <th className="px-3 text-right font-medium">When</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.id}
                  onClick={() => onOpen(r.id)}
                  aria-selected={r.id === openId}
                  className={cx("h-8 cursor-pointer border-b border-border", r.id === openId ? "bg-bg-selected" : "hover:bg-bg-hover")}
                >
                  <td className="px-3 text-fg-subtle tabular-nums">{r.id}</td>
                  <td className="max-w-[260px] truncate px-3 font-medium" title={r.fileName}>
                    {r.fileName}
                    {r.strict && (
                      <span className="ml-1">
                        <Badge>strict</Badge>
                      </span>
                    )}
                  </td>
                  <td className="px-3 text-fg-muted">{r.kind}</td>
                  <td className="px-3">
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="px-3 text-right tabular-nums">{formatNumber(r.imported)}</td>
                  <td className="px-3 text-right text-fg-muted tabular-nums">{formatNumber(r.duplicates)}</td>
                  <td className={cx("px-3 text-right tabular-nums", r.badLines > 0 && "font-medium text-danger")}>{formatNumber(r.badLines)}</td>
                  <td className="px-3 text-right text-fg-subtle">{relativeTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasNextPage && (
          <div className="p-2 text-center">
            <Button size="xs" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              Load more
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}

function ImportReport({ id, onClose }: { id: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const job = useQuery(
    trpc.imports.get.queryOptions(
      { id },
      {
        refetchInterval: (q) => {
          if (q.state.data?.status !== "running") return false;
          return 700;
        },
      },
    ),
  );
  const data = job.data;
  const status = data?.status;
  const prevStatus = useRef(status);
  useEffect(() => {
    // The import just ended: counts on other screens changed.
    if (prevStatus.current === "running" && status && status !== "running") void queryClient.invalidateQueries();
    prevStatus.current = status;
  }, [status, queryClient]);
  const report = data ? parseReport(data.report, data.badLines) : null;
  const linkTo = data ? (data.kind === "templates" ? "/templates" : data.kind === "queries" ? "/queries" : "/corpora") : "/";
  return (
    <SidePanel title={data ? `Import #${data.id} · ${data.fileName}` : `Import #${id}`} onClose={onClose} width={560}>
      {job.isLoading && <Spinner />}
      {job.error && <ErrorBox title="Could not load the import" error={job.error} />}
      {data && report && (
        <div data-testid="import-report">
          <PanelSection title="Summary">
            <div className="mb-3 grid grid-cols-4 gap-2">
              {[
                ["Lines read", data.totalLines],
                ["Imported", data.imported],
                ["Duplicates", data.duplicates],
                ["Bad lines", data.badLines],
              ].map(([label, n]) => (
                <div key={label as string} className="rounded-md border border-border p-2">
                  <div className="text-[11px] text-fg-subtle">{label}</div>
                  <div className={cx("text-[16px] font-semibold tabular-nums", label === "Bad lines" && Number(n) > 0 && "text-danger")} data-testid={`report-${String(label).toLowerCase().replace(/ /g, "-")}`}>
                    {formatNumber(Number(n))}
                  </div>
                </div>
              ))}
            </div>
            {data.status === "running" && <ProgressBar value={0} max={null} label={`Importing… ${formatNumber(data.totalLines)} lines read so far`} />}
            <KeyValue
              rows={[
                ["Status", <StatusBadge key="s" status={data.status} />],
                ["Kind", data.kind],
                ["Format", data.format],
                ["Source", data.source],
                ["Mode", data.strict ? "strict (all or nothing)" : "lenient (good lines imported)"],
                ["Started", formatDate(data.createdAt)],
                ["Finished", formatDate(data.finishedAt)],
              ]}
            />
            {data.status === "completed" && data.imported > 0 && (
              <Link href={linkTo} className="mt-2 inline-block text-[12px] text-accent hover:underline">
                Browse the imported {data.kind} →
              </Link>
            )}
          </PanelSection>
          {data.error && (
            <PanelSection title="Error">
              <p role="alert" className="rounded-md border border-danger/40 bg-danger-soft p-2 text-[12px] whitespace-pre-wrap text-danger-soft-fg">
                {data.error}
              </p>
            </PanelSection>
          )}
          {report.reasons.length > 0 && (
            <PanelSection title="Reasons">
              <ul className="flex flex-wrap gap-1.5">
                {report.reasons.map((r) => (
                  <li key={r.reason}>
                    <Badge tone="danger">
                      {r.reason} × {formatNumber(r.count)}
                    </Badge>
                  </li>
                ))}
              </ul>
            </PanelSection>
          )}
          <PanelSection title={`Bad lines (${formatNumber(data.badLines)})`}>
            {report.badLines.length === 0 ? (
              <p className="text-[12px] text-fg-subtle">{data.status === "running" ? "None so far." : "Every line was good."}</p>
            ) : (
              <>
                <table className="w-full text-[12px]" aria-label="Bad lines">
                  <thead>
                    <tr className="border-b border-border text-left text-[11px] text-fg-subtle">
                      <th className="w-16 py-1 font-medium">Line</th>
                      <th className="py-1 font-medium">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.badLines.map((b, i) => (
                      <tr key={`${b.line}-${i}`} className="border-b border-border align-top">
                        <td className="py-1 font-mono tabular-nums">{b.line}</td>
                        <td className="py-1">
                          <span className="font-medium">{b.reason}</span>
                          {b.detail && <span className="block text-[11px] break-words text-fg-muted">{b.detail}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {report.truncated > 0 && <p className="mt-1 text-[11px] text-fg-subtle">…and {formatNumber(report.truncated)} more (the report keeps the first 1,000).</p>}
              </>
            )}
          </PanelSection>
          {report.notes.length > 0 && (
            <PanelSection title="Notes">
              <ul className="list-disc pl-4 text-[12px] text-fg-muted">
                {report.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </PanelSection>
          )}
        </div>
      )}
    </SidePanel>
  );
}
