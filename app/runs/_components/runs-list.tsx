"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ButtonLink, EmptyState, ErrorBox, formatNumber, PageHeader, ProgressBar, relativeTime, Spinner, StatusBadge } from "../../_components/ui";
import { useTRPC } from "../../_trpc/client";
import { ACTIVE, fmtDuration } from "./format";

export function RunsList() {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.runs.list.queryOptions({ limit: 100 }),
    // Poll while something is moving.
    refetchInterval: (q) => (q.state.data?.some((r) => ACTIVE.has(r.status)) ? 1500 : 10_000),
  });
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Runs"
        subtitle="Generation runs: corpus × templates → (instruction, answer) pairs in Parquet"
        actions={
          <ButtonLink href="/runs/new" variant="primary">
            New run
          </ButtonLink>
        }
      />
      <div className="min-h-0 flex-1 overflow-auto">
        {runs.isLoading && (
          <div className="p-4">
            <Spinner />
          </div>
        )}
        {runs.error && <ErrorBox title="Could not load runs" error={runs.error} />}
        {runs.data && runs.data.length === 0 && (
          <EmptyState
            title="No run yet"
            action={
              <ButtonLink href="/runs/new" variant="primary">
                New run
              </ButtonLink>
            }
          >
            A run matches templates to every document of a corpus and writes the pairs as Parquet, with a manifest and a dataset card. Launch one here or with
            <code className="mx-1">npx fistudio run create</code>.
          </EmptyState>
        )}
        {runs.data && runs.data.length > 0 && (
          <table className="w-full text-[12px]" aria-label="Runs">
            <thead className="sticky top-0 border-b border-border bg-bg-subtle text-left text-[11px] text-fg-subtle">
              <tr>
                <th className="h-8 px-3 font-medium">#</th>
                <th className="px-3 font-medium">Name</th>
                <th className="px-3 font-medium">Status</th>
                <th className="w-[220px] px-3 font-medium">Progress</th>
                <th className="px-3 text-right font-medium">Documents</th>
                <th className="px-3 text-right font-medium">Pairs</th>
                <th className="px-3 text-right font-medium" title="Pairs per document">
                  Yield
                </th>
                <th className="px-3 text-right font-medium">Shards</th>
                <th className="px-3 text-right font-medium">Duration</th>
                <th className="px-3 text-right font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id} className="h-9 border-b border-border hover:bg-bg-hover" data-testid={`run-row-${r.id}`}>
                  <td className="px-3 text-fg-subtle tabular-nums">{r.id}</td>
                  <td className="max-w-[360px] truncate px-3 font-medium">
                    <Link href={`/runs/${r.id}`} className="text-accent hover:underline">
                      {r.name}
                    </Link>
                    <div className="truncate text-[11px] font-normal text-fg-subtle">{r.corpusName}</div>
                  </td>
                  <td className="px-3">
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="px-3">
                    <ProgressBar value={r.processedDocuments} max={r.totalDocuments} />
                  </td>
                  <td className="px-3 text-right tabular-nums">
                    {formatNumber(r.processedDocuments)} / {formatNumber(r.totalDocuments)}
                  </td>
                  <td className="px-3 text-right tabular-nums">{formatNumber(r.outputRows)}</td>
                  <td className="px-3 text-right tabular-nums">{r.yield.toFixed(2)}</td>
                  <td className="px-3 text-right tabular-nums">
                    {r.shardsDone}/{r.shardCount}
                    {r.shardsFailed > 0 && <span className="ml-1 text-danger">({r.shardsFailed} failed)</span>}
                  </td>
                  <td className="px-3 text-right tabular-nums">{fmtDuration(r.durationSec)}</td>
                  <td className="px-3 text-right text-fg-subtle">{relativeTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
