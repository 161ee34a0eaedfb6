"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import { DataTable, infinitePaging, ResultCount, type ColumnMeta } from "../_components/data-table";
import { FacetGroup, FilterSidebar, SearchBox } from "../_components/filters";
import { KeyValue, PanelSection, SidePanel } from "../_components/side-panel";
import { TemplateText } from "../_components/template-text";
import { Badge, Button, ButtonLink, EmptyState, ErrorBox, formatDate, PageHeader, relativeTime, Spinner, StatusBadge } from "../_components/ui";
import { useUrlSort, useUrlState } from "../_components/url-state";
import { useTRPC } from "../_trpc/client";
import type { RouterOutputs } from "../_trpc/types";

type Row = RouterOutputs["queries"]["list"]["items"][number];
const col = createColumnHelper<Row>();

const columns = [
  col.accessor("text", {
    header: "Query",
    size: 420,
    enableSorting: false,
    meta: { flex: true } satisfies ColumnMeta,
    cell: (c) => (
      <span className="truncate" title={c.getValue()}>
        {c.getValue()}
      </span>
    ),
  }),
  col.accessor("source", { header: "Source", size: 170, enableSorting: false, cell: (c) => <span className="truncate text-fg-muted">{c.getValue()}</span> }),
  col.accessor("status", { header: "Status", size: 100, enableSorting: false, cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor("templateCount", { header: "Templates", size: 80, enableSorting: false, meta: { align: "right" } satisfies ColumnMeta }),
  col.accessor("createdAt", {
    header: "Imported",
    size: 90,
    meta: { align: "right" } satisfies ColumnMeta,
    cell: (c) => <span className="text-fg-subtle">{relativeTime(c.getValue())}</span>,
  }),
];

const STATUSES = ["new", "genericized", "merged", "rejected"] as const;

export function QueriesView() {
  const trpc = useTRPC();
  const url = useUrlState();
  const { sort, dir, setSort } = useUrlSort("createdAt", "desc");
  const q = url.get("q") ?? "";
  const source = url.list("source");
  const status = url.list("status").filter((s): s is (typeof STATUSES)[number] => (STATUSES as readonly string[]).includes(s));
  const openId = url.get("open");
  const filters = { source, status };
  const anyFilter = source.length + status.length > 0 || !!q;

  const list = useInfiniteQuery(
    trpc.queries.list.infiniteQueryOptions(
      { limit: 100, sort: sort === "id" ? "id" : "createdAt", dir, filters, q: q || null },
      { getNextPageParam: (p) => p.nextCursor, placeholderData: (prev) => prev },
    ),
  );
  const facets = useQuery(trpc.queries.facets.queryOptions());
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const f = facets.data ?? {};
  const empty = facets.isSuccess && !(f.total?.all ?? 0);
  const clear = () => url.set({ source: null, status: null, q: null });

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Queries"
        subtitle={facets.data ? `${(f.total?.all ?? 0).toLocaleString("en-US")} real user queries, the raw material for templates` : null}
        actions={<ButtonLink href="/imports?kind=queries" variant="primary">Import queries</ButtonLink>}
      />
      <div className="flex min-h-0 flex-1">
        <FilterSidebar active={anyFilter} onClearAll={clear}>
          <FacetGroup
            title="Source"
            values={Object.entries(f.source ?? {})
              .map(([value, count]) => ({ value, count }))
              .sort((a, b) => b.count - a.count)}
            selected={source}
            onChange={(v) => url.set({ source: v })}
          />
          <FacetGroup title="Status" values={STATUSES.map((value) => ({ value }))} selected={status} onChange={(v) => url.set({ status: v })} />
        </FilterSidebar>
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex h-11 min-w-0 shrink-0 items-center gap-2 border-b border-border px-3">
            <SearchBox value={q} onChange={(v) => url.set({ q: v, open: null })} placeholder="Search queries" label="Search queries" />
            <ResultCount list={list} total={total} />
          </div>
          {list.error ? (
            <ErrorBox title="Could not load queries" error={list.error} />
          ) : (
            <DataTable
              label="Queries"
              data={rows}
              columns={columns}
              getRowId={(r) => r.id}
              sort={{ id: sort, dir }}
              onSortChange={setSort}
              {...infinitePaging(list)}
              total={total?.exact ? total.value : null}
              selectedId={openId}
              resetScrollKey={JSON.stringify([sort, dir, filters, q])}
              hiddenColumns={openId ? ["templateCount", "createdAt"] : undefined}
              onSelect={(r) => url.set({ open: r?.id ?? null })}
              empty={
                empty ? (
                  <EmptyState title="No queries yet" action={<ButtonLink href="/imports?kind=queries" variant="primary">Import queries</ButtonLink>}>
                    Import a JSONL, CSV or Parquet file of real user questions (one per line). Templates are genericized from them.
                  </EmptyState>
                ) : (
                  <EmptyState title="No query matches" action={<Button onClick={clear}>Clear search and filters</Button>}>
                    Try fewer words, or clear a filter on the left.
                  </EmptyState>
                )
              }
            />
          )}
        </div>
        {openId && <QueryDetail id={openId} onClose={() => url.set({ open: null })} />}
      </div>
    </div>
  );
}

function QueryDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const d = useQuery(trpc.queries.get.queryOptions({ id }));
  const data = d.data;
  return (
    <SidePanel title={<span className="font-mono text-[11px] text-fg-muted">{id}</span>} onClose={onClose}>
      {d.isLoading && <Spinner />}
      {d.error && <ErrorBox title="Could not load the query" error={d.error} />}
      {data && (
        <>
          <PanelSection title="Query">
            <p className="rounded-md border border-border bg-bg-subtle p-2.5 text-[13px] whitespace-pre-wrap" data-testid="query-text">
              {data.text}
            </p>
          </PanelSection>
          <PanelSection title="Details">
            <KeyValue
              rows={[
                ["Source", data.source],
                ["Status", <StatusBadge key="s" status={data.status} />],
                ...(data.rejectReason ? ([[data.status === "merged" ? "Merged as" : "Rejected because", data.rejectReason]] as [string, string][]) : []),
                ["Import", data.importId ? <Link key="i" className="text-accent hover:underline" href={`/imports?open=${data.importId}`}>#{data.importId}</Link> : "—"],
                ["Imported", formatDate(data.createdAt)],
              ]}
            />
          </PanelSection>
          <PanelSection title={`Templates from this query (${data.templates.length})`}>
            {data.templates.length === 0 ? (
              <p className="text-[12px] text-fg-subtle">None yet. Genericizing this query turns it into a template.</p>
            ) : (
              <ul className="flex flex-col gap-1.5">
                {data.templates.map((t) => (
                  <li key={t.id} className="rounded-md border border-border p-2 text-[12px]">
                    <Link href={`/templates?open=${encodeURIComponent(t.id)}`} className="hover:underline">
                      <TemplateText text={t.text} />
                    </Link>
                    <div className="mt-1 flex items-center gap-1.5">
                      <StatusBadge status={t.status} />
                      {t.merged && <Badge>joined as a duplicate</Badge>}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </PanelSection>
          {data.meta != null && (
            <PanelSection title="Metadata">
              <pre className="overflow-x-auto rounded-md border border-border bg-bg-subtle p-2 font-mono text-[11px]">{JSON.stringify(data.meta, null, 2)}</pre>
            </PanelSection>
          )}
        </>
      )}
    </SidePanel>
  );
}
