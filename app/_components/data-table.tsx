"use client";
// A dense, virtualised table over server-side cursor pages. Sorting is server-side (the parent keeps it in the URL);
// scrolling near the end loads the next page, and a "Load more" button does the same for keyboard users.
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { useHotkeys } from "./hotkeys";
import { formatTotal } from "./format";
import { cx, formatNumber, Spinner } from "./ui";

export interface ColumnMeta {
  /** Grow to fill the remaining width. */
  flex?: boolean;
  align?: "left" | "right";
}

export interface DataTableProps<T> {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  label: string;
  sort?: { id: string; dir: "asc" | "desc" };
  onSortChange?: (id: string, dir: "asc" | "desc") => void;
  hasNextPage?: boolean;
  fetchNextPage?: () => void;
  isFetchingNextPage?: boolean;
  isLoading?: boolean;
  /** Total rows in the filtered set when known (from pre-aggregates); null when it would need a scan. */
  total?: number | null;
  selectedId?: string | null;
  onSelect?: (row: T | null) => void;
  rowHeight?: number;
  empty?: ReactNode;
  /** Column ids to hide (e.g. the secondary ones while a detail panel takes room). */
  hiddenColumns?: string[];
  /** The rows shown are the previous query's while the new one loads (dimmed, marked data-stale). */
  isStale?: boolean;
  /** When this changes (new sort, filters or search) the list scrolls back to the top. */
  resetScrollKey?: string;
}

export function DataTable<T>({
  data,
  columns,
  getRowId,
  label,
  sort,
  onSortChange,
  hasNextPage,
  fetchNextPage,
  isFetchingNextPage,
  isLoading,
  total,
  selectedId,
  onSelect,
  rowHeight = 32,
  empty,
  hiddenColumns,
  isStale,
  resetScrollKey,
}: DataTableProps<T>) {
  const sorting: SortingState = useMemo(() => (sort ? [{ id: sort.id, desc: sort.dir === "desc" }] : []), [sort]);
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility: Object.fromEntries((hiddenColumns ?? []).map((id) => [id, false])) },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const s = next[0];
      if (s && onSortChange) onSortChange(s.id, s.desc ? "desc" : "asc");
    },
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetScrollKey]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;

  // Infinite scroll: ask for the next page when the last rendered row is close to the end.
  useEffect(() => {
    if (lastIndex >= rows.length - 15 && hasNextPage && !isFetchingNextPage && fetchNextPage) fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const selectedIndex = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1;
  // A row opened from a link (or by the keyboard) is scrolled into view once it is loaded.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);
  function move(delta: number) {
    if (!onSelect || rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? (delta > 0 ? -1 : rows.length) : selectedIndex) + delta));
    onSelect(rows[next].original);
    virtualizer.scrollToIndex(next, { align: "auto" });
  }
  useHotkeys(
    onSelect
      ? [
          { key: "j", description: "Next row", handler: () => move(1) },
          { key: "k", description: "Previous row", handler: () => move(-1) },
          { key: "ArrowDown", description: "Next row", handler: () => move(1) },
          { key: "ArrowUp", description: "Previous row", handler: () => move(-1) },
        ]
      : [],
  );

  const headerGroups = table.getHeaderGroups();
  const colStyle = (meta: ColumnMeta | undefined, size: number) =>
    meta?.flex ? { flex: `1 1 ${size}px`, minWidth: Math.min(size, 220) } : { width: size, flex: `0 0 ${size}px` };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto" data-testid="table-scroll">
        <table
          role="grid"
          aria-label={label}
          aria-rowcount={total ?? undefined}
          aria-busy={isStale || undefined}
          data-stale={isStale ? "true" : "false"}
          className={cx("grid w-full text-[12px] transition-opacity", isStale && "opacity-60")}
        >
          <thead className="sticky top-0 z-10 grid border-b border-border bg-bg-subtle">
            {headerGroups.map((hg) => (
              <tr key={hg.id} className="flex w-full">
                {hg.headers.map((h) => {
                  const meta = h.column.columnDef.meta as ColumnMeta | undefined;
                  const canSort = h.column.getCanSort() && !!onSortChange;
                  const dir = h.column.getIsSorted();
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
                      className={cx(
                        "flex h-8 items-center px-2 text-left text-[11px] font-medium text-fg-subtle select-none",
                        meta?.align === "right" && "justify-end",
                      )}
                      style={colStyle(meta, h.getSize())}
                    >
                      {canSort ? (
                        <button
                          type="button"
                          className="flex items-center gap-1 hover:text-fg"
                          onClick={() => onSortChange!(h.column.id, dir === "desc" ? "asc" : "desc")}
                        >
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span className="w-3 text-accent">{dir === "asc" ? "↑" : dir === "desc" ? "↓" : ""}</span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((vi) => {
              const row = rows[vi.index];
              const selected = row.id === selectedId;
              return (
                <tr
                  key={row.id}
                  data-index={vi.index}
                  data-row-id={row.id}
                  aria-selected={selected}
                  onClick={() => onSelect?.(row.original)}
                  className={cx(
                    "absolute flex w-full items-center border-b border-border",
                    onSelect && "cursor-pointer",
                    selected ? "bg-bg-selected" : "hover:bg-bg-hover",
                  )}
                  style={{ height: rowHeight, transform: `translateY(${vi.start}px)` }}
                >
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
                    return (
                      <td
                        key={cell.id}
                        className={cx("flex h-full min-w-0 items-center overflow-hidden px-2 whitespace-nowrap", meta?.align === "right" && "justify-end tabular-nums")}
                        style={colStyle(meta, cell.column.getSize())}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        {isLoading && (
          <div className="p-4">
            <Spinner />
          </div>
        )}
        {!isLoading && rows.length === 0 && empty}
      </div>
      <div className="flex h-8 shrink-0 items-center justify-between border-t border-border bg-bg-subtle px-3 text-[11px] text-fg-subtle">
        <span data-testid="table-count" className="whitespace-nowrap">
          {formatNumber(rows.length)} shown
          {total !== undefined && total !== null ? ` of ${formatNumber(total)}` : hasNextPage ? " (more available)" : ""}
        </span>
        <span className="flex items-center gap-3">
          {onSelect && (
            <span className={cx("hidden whitespace-nowrap", selectedId ? "2xl:inline" : "lg:inline")}>
              <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Esc</kbd> close · <kbd>?</kbd> shortcuts
            </span>
          )}
          {isFetchingNextPage ? (
            <Spinner label="Loading more" />
          ) : hasNextPage ? (
            <button type="button" onClick={() => fetchNextPage?.()} className="whitespace-nowrap text-accent hover:underline">
              Load more
            </button>
          ) : rows.length > 0 ? (
            <span>end of list</span>
          ) : null}
        </span>
      </div>
    </div>
  );
}

interface InfiniteList {
  hasNextPage: boolean;
  fetchNextPage: () => unknown;
  isFetching: boolean;
  isFetchingNextPage: boolean;
  isLoading: boolean;
  isPlaceholderData: boolean;
}

/** The paging props of a DataTable fed by a TanStack infinite query. */
export function infinitePaging(list: InfiniteList) {
  return {
    hasNextPage: list.hasNextPage,
    fetchNextPage: () => void list.fetchNextPage(),
    isFetchingNextPage: list.isFetchingNextPage,
    isLoading: list.isLoading,
    isStale: list.isPlaceholderData,
  };
}

/** "N matching" beside a table's search box; "…" while a new search or filter loads. */
export function ResultCount({ list, total }: { list: InfiniteList; total: { value: number; exact: boolean } | null | undefined }) {
  return (
    <span className="text-[12px] whitespace-nowrap text-fg-subtle" data-testid="result-count">
      {list.isFetching && !list.isFetchingNextPage ? "…" : `${formatTotal(total)} matching`}
    </span>
  );
}
