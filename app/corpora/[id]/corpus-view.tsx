"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable, infinitePaging, ResultCount, type ColumnMeta } from "../../_components/data-table";
import { SearchBox } from "../../_components/filters";
import { KeyValue, PanelSection, SidePanel } from "../../_components/side-panel";
import { Button, EmptyState, ErrorBox, formatDate, formatNumber, PageHeader, Spinner } from "../../_components/ui";
import { useUrlSort, useUrlState } from "../../_components/url-state";
import { useTRPC } from "../../_trpc/client";
import { DocumentViews } from "./document-views";
import type { RouterOutputs } from "../../_trpc/types";

type Row = RouterOutputs["documents"]["list"]["items"][number];
const col = createColumnHelper<Row>();

const columns = [
  col.accessor("rowIndex", { header: "Row", size: 70, meta: { align: "right" } satisfies ColumnMeta }),
  col.accessor("title", {
    header: "Title",
    size: 220,
    enableSorting: false,
    cell: (c) => <span className="truncate font-medium">{c.getValue() || <span className="text-fg-subtle">untitled</span>}</span>,
  }),
  col.accessor("snippet", {
    header: "Text",
    size: 400,
    enableSorting: false,
    meta: { flex: true } satisfies ColumnMeta,
    cell: (c) => (
      <span className="truncate text-fg-muted" title={c.getValue()}>
        {c.getValue()}
      </span>
    ),
  }),
  col.accessor("tokenCount", {
    header: "Tokens",
    size: 80,
    enableSorting: false,
    meta: { align: "right" } satisfies ColumnMeta,
    cell: (c) => formatNumber(c.getValue()),
  }),
  col.accessor("source", { header: "Source", size: 130, enableSorting: false, cell: (c) => <span className="truncate text-fg-subtle">{c.getValue()}</span> }),
];

export function CorpusView({ corpusId }: { corpusId: number }) {
  const trpc = useTRPC();
  const url = useUrlState();
  const { dir, setSort } = useUrlSort("rowIndex", "asc");
  const q = url.get("q") ?? "";
  const openId = url.get("open");
  const corpus = useQuery(trpc.corpora.get.queryOptions({ id: corpusId }, { enabled: Number.isInteger(corpusId) }));
  const list = useInfiniteQuery(
    trpc.documents.list.infiniteQueryOptions(
      { limit: 100, sort: "rowIndex", dir, filters: { corpusId }, q: q || null },
      { getNextPageParam: (p) => p.nextCursor, placeholderData: (prev) => prev, enabled: Number.isInteger(corpusId) },
    ),
  );
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const c = corpus.data;
  const [showFiles, setShowFiles] = useState(false);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title={c ? c.name : "Corpus"}
        subtitle={
          c ? (
            <span>
              <Link href="/corpora" className="hover:underline">
                Corpora
              </Link>{" "}
              · {formatNumber(c.documentCount)} documents · {formatNumber(c.sampleCount)} browsable · {c.files.length} file{c.files.length === 1 ? "" : "s"}
              {c.license ? ` · ${c.license}` : ""}
            </span>
          ) : null
        }
        actions={
          c && c.files.length > 0 ? (
            <Button size="xs" onClick={() => setShowFiles((v) => !v)} aria-expanded={showFiles}>
              {showFiles ? "Hide files" : `Files (${c.files.length})`}
            </Button>
          ) : null
        }
      />
      {c && showFiles && c.files.length > 0 && (
        <div className="max-h-48 shrink-0 overflow-auto border-b border-border bg-bg-subtle">
          <table className="w-full text-[12px]" aria-label="Corpus files">
            <thead className="text-left text-[11px] text-fg-subtle">
              <tr>
                <th className="h-7 px-3 font-medium">Path</th>
                <th className="px-3 font-medium">Format</th>
                <th className="px-3 text-right font-medium">Rows</th>
                <th className="px-3 text-right font-medium">First row</th>
                <th className="px-3 text-right font-medium">Size</th>
                <th className="px-3 text-right font-medium">Modified</th>
              </tr>
            </thead>
            <tbody>
              {c.files.map((f) => (
                <tr key={f.id} className="h-7 border-t border-border">
                  <td className="max-w-[520px] truncate px-3 font-mono text-[11px]" title={f.path}>
                    {f.path}
                  </td>
                  <td className="px-3 text-fg-muted">{f.format}</td>
                  <td className="px-3 text-right tabular-nums">{formatNumber(f.rowCount)}</td>
                  <td className="px-3 text-right text-fg-muted tabular-nums">{formatNumber(f.rowOffset)}</td>
                  <td className="px-3 text-right text-fg-muted tabular-nums">{(f.sizeBytes / 1024 / 1024).toFixed(1)} MB</td>
                  <td className="px-3 text-right text-fg-subtle">{formatDate(f.mtime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {corpus.error ? (
        <ErrorBox title="Could not load the corpus" error={corpus.error} />
      ) : (
        <div className="flex min-h-0 flex-1">
          <div className="flex min-w-0 flex-1 flex-col">
            <div className="flex h-11 min-w-0 shrink-0 items-center gap-2 border-b border-border px-3">
              <SearchBox value={q} onChange={(v) => url.set({ q: v, open: null })} placeholder="Full-text search in documents" label="Search documents" />
              <ResultCount list={list} total={total} />
              {c?.description && <span className="ml-auto max-w-[40%] truncate text-[11px] text-fg-subtle">{c.description}</span>}
            </div>
            {list.error ? (
              <ErrorBox title="Could not load documents" error={list.error} />
            ) : (
              <DataTable
                label="Documents"
                data={rows}
                columns={columns}
                getRowId={(r) => r.id}
                sort={{ id: "rowIndex", dir }}
                onSortChange={(_, d) => setSort("rowIndex", d)}
                {...infinitePaging(list)}
              total={total?.exact ? total.value : null}
                selectedId={openId}
              resetScrollKey={JSON.stringify([dir, q])}
              hiddenColumns={openId ? ["source", "tokenCount"] : undefined}
                onSelect={(r) => url.set({ open: r?.id ?? null })}
                empty={
                  q ? (
                    <EmptyState title="No document matches" action={<Button onClick={() => url.set({ q: null })}>Clear the search</Button>}>
                      Full-text search matches whole words (stemmed). Try fewer or different words.
                    </EmptyState>
                  ) : (
                    <EmptyState title="No browsable documents in this corpus">
                      Documents appear here once the corpus is registered or documents are imported into it.
                    </EmptyState>
                  )
                }
              />
            )}
          </div>
          {openId && <DocumentDetail id={openId} onClose={() => url.set({ open: null })} />}
        </div>
      )}
    </div>
  );
}

function DocumentDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const d = useQuery(trpc.documents.get.queryOptions({ id }));
  const data = d.data;
  return (
    <SidePanel title={data?.title || <span className="font-mono text-[11px] text-fg-muted">{id}</span>} onClose={onClose} width={600}>
      {d.isLoading && <Spinner />}
      {d.error && <ErrorBox title="Could not load the document" error={d.error} />}
      {data && (
        <>
          <PanelSection title="Details">
            <KeyValue
              rows={[
                ["External id", <span key="e" className="font-mono text-[11px]">{data.externalId}</span>],
                ["Row", formatNumber(data.rowIndex)],
                ["Tokens", formatNumber(data.tokenCount)],
                ["Characters", formatNumber(data.textLength)],
                ["Source", data.source || "—"],
                ["Imported", formatDate(data.createdAt)],
              ]}
            />
          </PanelSection>
          <DocumentViews id={data.id} text={data.text} />
        </>
      )}
    </SidePanel>
  );
}
