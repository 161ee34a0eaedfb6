"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable, infinitePaging, ResultCount, type ColumnMeta } from "../_components/data-table";
import { Dialog } from "../_components/dialog";
import { Menu } from "../_components/menu";
import { FacetGroup, FilterSidebar, SearchBox } from "../_components/filters";
import { errorMessage, formatTotal, sourceQueries } from "../_components/format";
import { TemplateText } from "../_components/template-text";
import { useToast } from "../_components/toast";
import { Badge, Button, ButtonLink, EmptyState, ErrorBox, inputClass, PageHeader, relativeTime, StatusBadge } from "../_components/ui";
import { useUrlSort, useUrlState } from "../_components/url-state";
import { useTRPC } from "../_trpc/client";
import type { RouterOutputs } from "../_trpc/types";
import type { TemplateSort } from "@/server/browse/templates";
import { TemplateDetail } from "./template-detail";

const TEMPLATE_SORT_IDS: string[] = ["createdAt", "id", "variableCount", "support", "sourceName", "status"];

type Row = RouterOutputs["templates"]["list"]["items"][number];
const col = createColumnHelper<Row>();

const columns = [
  col.accessor("text", {
    header: "Template",
    size: 420,
    enableSorting: false,
    meta: { flex: true } satisfies ColumnMeta,
    cell: (c) => <TemplateText text={c.getValue()} compact />,
  }),
  col.accessor("variableCount", { header: "Vars", size: 64, meta: { align: "right" } satisfies ColumnMeta }),
  col.accessor("support", {
    header: "Asked",
    size: 72,
    meta: { align: "right" } satisfies ColumnMeta,
    cell: (c) => <span title={`${sourceQueries(c.getValue())} (its own and the near-duplicates merged into it); the matcher favours often-asked templates`}>{c.getValue().toLocaleString("en")}</span>,
  }),
  col.accessor("status", { header: "Status", size: 84, cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor("sourceName", { header: "Source", size: 170, cell: (c) => <span className="truncate text-fg-muted">{c.getValue()}</span> }),
  col.accessor("tags", {
    header: "Tags",
    size: 150,
    enableSorting: false,
    cell: (c) => (
      <span className="flex gap-1 overflow-hidden">
        {c.getValue().map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </span>
    ),
  }),
  col.accessor("createdAt", {
    header: "Created",
    size: 90,
    meta: { align: "right" } satisfies ColumnMeta,
    cell: (c) => <span className="text-fg-subtle">{relativeTime(c.getValue())}</span>,
  }),
];

type BulkKind = "retire" | "activate" | "addTag" | "removeTag";

export function TemplatesView() {
  const trpc = useTRPC();
  const url = useUrlState();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { sort, dir, setSort } = useUrlSort("createdAt", "desc");
  const q = url.get("q") ?? "";
  const status = url.list("status") as ("active" | "retired")[];
  const source = url.list("source");
  const vars = url.list("vars").map(Number).filter(Number.isFinite);
  const tags = url.list("tags");
  const origin = url.list("origin") as ("genericized" | "imported" | "edited")[];
  const openId = url.get("open");

  // Query keys are compared by value, so a fresh object per render is fine.
  const filters = { status, source, variableCount: vars, tags, origin };
  const anyFilter = status.length + source.length + vars.length + tags.length + origin.length > 0 || !!q;

  const list = useInfiniteQuery(
    trpc.templates.list.infiniteQueryOptions(
      { limit: 100, sort: (TEMPLATE_SORT_IDS.includes(sort) ? sort : "createdAt") as TemplateSort, dir, filters, q: q || null },
      { getNextPageParam: (p) => p.nextCursor, placeholderData: (prev) => prev },
    ),
  );
  const facets = useQuery(trpc.templates.facets.queryOptions());
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;

  const [bulk, setBulk] = useState<BulkKind | null>(null);
  const [bulkTag, setBulkTag] = useState("");
  const bulkMutation = useMutation(
    trpc.templates.bulk.mutationOptions({
      onSuccess: (res) => {
        toast({ kind: "success", title: `Updated ${res.updated.toLocaleString("en-US")} templates` });
        setBulk(null);
        setBulkTag("");
        void queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.stats.pathKey() });
      },
      onError: (e) => toast({ kind: "error", title: "Bulk action failed", message: errorMessage(e) }),
    }),
  );
  function runBulk() {
    if (!bulk) return;
    const action =
      bulk === "retire"
        ? { setStatus: "retired" as const }
        : bulk === "activate"
          ? { setStatus: "active" as const }
          : bulk === "addTag"
            ? { addTags: [bulkTag.trim()] }
            : { removeTags: [bulkTag.trim()] };
    bulkMutation.mutate({ selection: { filters, q: q || null }, action });
  }

  const f = facets.data ?? {};
  const facetValues = (name: string, sortNumeric = false) =>
    Object.entries(f[name] ?? {})
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => (sortNumeric ? Number(a.value) - Number(b.value) : b.count - a.count));

  const bankEmpty = facets.isSuccess && !(f.total?.all ?? 0);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Templates"
        subtitle={
          facets.data ? (
            <span>
              {(f.total?.all ?? 0).toLocaleString("en-US")} in the bank · {(f.status?.active ?? 0).toLocaleString("en-US")} active
            </span>
          ) : null
        }
        actions={<ButtonLink href="/imports?kind=templates">Import templates</ButtonLink>}
      />
      <div className="flex min-h-0 flex-1">
        <FilterSidebar
          active={anyFilter}
          onClearAll={() => url.set({ status: null, source: null, vars: null, tags: null, origin: null, q: null })}
        >
          <FacetGroup title="Status" values={facetValues("status")} selected={status} onChange={(v) => url.set({ status: v })} />
          <FacetGroup
            title="Variables (complexity)"
            values={facetValues("variableCount", true).map((v) => ({ ...v, label: `${v.value} variable${v.value === "1" ? "" : "s"}` }))}
            selected={vars.map(String)}
            onChange={(v) => url.set({ vars: v })}
          />
          <FacetGroup title="Source" values={facetValues("source")} selected={source} onChange={(v) => url.set({ source: v })} />
          <FacetGroup title="Tags" values={facetValues("tag")} selected={tags} onChange={(v) => url.set({ tags: v })} />
          <FacetGroup title="Origin" values={facetValues("origin")} selected={origin} onChange={(v) => url.set({ origin: v })} />
        </FilterSidebar>
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex h-11 min-w-0 shrink-0 items-center gap-2 border-b border-border px-3">
            <SearchBox value={q} onChange={(v) => url.set({ q: v, open: null })} placeholder='Search templates ("exact phrase", -exclude, OR)' label="Search templates" />
            <ResultCount list={list} total={total} />
            <div className="ml-auto">
              <Menu
                label="Bulk actions"
                disabled={!total?.value}
                items={[
                  { label: "Retire all matching", onSelect: () => setBulk("retire") },
                  { label: "Activate all matching", onSelect: () => setBulk("activate") },
                  { label: "Add a tag to all matching…", onSelect: () => setBulk("addTag") },
                  { label: "Remove a tag from all matching…", onSelect: () => setBulk("removeTag") },
                ]}
              />
            </div>
          </div>
          {list.error ? (
            <ErrorBox title="Could not load templates" error={list.error} />
          ) : (
            <DataTable
              label="Templates"
              data={rows}
              columns={columns}
              getRowId={(r) => r.id}
              sort={{ id: sort, dir }}
              onSortChange={(id, d) => setSort(id, d)}
              {...infinitePaging(list)}
              total={total?.exact ? total.value : null}
              selectedId={openId}
              resetScrollKey={JSON.stringify([sort, dir, filters, q])}
              hiddenColumns={openId ? ["tags", "createdAt", "sourceName"] : undefined}
              onSelect={(r) => url.set({ open: r?.id ?? null })}
              empty={
                bankEmpty ? (
                  <EmptyState
                    title="The template bank is empty"
                    action={<ButtonLink href="/imports?kind=templates" variant="primary">Import a template bank</ButtonLink>}
                  >
                    Import templates (JSONL, CSV or Parquet with a <code>&lt;fi&gt;…&lt;/fi&gt;</code> text field), or genericize queries from the{" "}
                    <Link className="text-accent hover:underline" href="/queries">
                      Queries
                    </Link>{" "}
                    screen.
                  </EmptyState>
                ) : (
                  <EmptyState title="No template matches" action={<Button onClick={() => url.set({ status: null, source: null, vars: null, tags: null, origin: null, q: null })}>Clear search and filters</Button>}>
                    Nothing matches the search and filters. Try fewer words, or clear a facet on the left.
                  </EmptyState>
                )
              }
            />
          )}
        </div>
        {openId && <TemplateDetail id={openId} onClose={() => url.set({ open: null })} />}
      </div>
      {bulk && (
        <Dialog
          title={
            bulk === "retire"
              ? "Retire templates"
              : bulk === "activate"
                ? "Activate templates"
                : bulk === "addTag"
                  ? "Tag templates"
                  : "Remove a tag"
          }
          confirmLabel={bulk === "retire" ? "Retire all" : bulk === "activate" ? "Activate all" : bulk === "addTag" ? "Add tag" : "Remove tag"}
          confirmVariant={bulk === "retire" ? "danger" : "primary"}
          busy={bulkMutation.isPending}
          confirmDisabled={(bulk === "addTag" || bulk === "removeTag") && !bulkTag.trim()}
          onCancel={() => setBulk(null)}
          onConfirm={runBulk}
        >
          <p className="mb-2">
            This applies to <b>{formatTotal(total)}</b> template{total?.value === 1 ? "" : "s"} matching the current search and filters
            {anyFilter ? "" : " (the whole bank)"}, not only the rows loaded on screen.
          </p>
          {(bulk === "addTag" || bulk === "removeTag") && (
            <input
              aria-label="Tag"
              className={inputClass + " w-full"}
              placeholder="tag, e.g. reviewed or needs-work"
              value={bulkTag}
              onChange={(e) => setBulkTag(e.target.value)}
              list="known-tags"
            />
          )}
          <datalist id="known-tags">
            {Object.keys(f.tag ?? {}).map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Dialog>
      )}
          </div>
  );
}
