"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ButtonLink, EmptyState, ErrorBox, formatNumber, PageHeader, relativeTime, Spinner } from "../_components/ui";
import { useTRPC } from "../_trpc/client";

export function CorporaView() {
  const trpc = useTRPC();
  const corpora = useQuery(trpc.corpora.list.queryOptions());
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Corpora"
        subtitle="Pre-training documents that templates are matched to"
        actions={
          <>
            <ButtonLink href="/imports?kind=documents">Import documents</ButtonLink>
            <ButtonLink href="/corpora/register" variant="primary">
              Register a corpus
            </ButtonLink>
          </>
        }
      />
      <div className="min-h-0 flex-1 overflow-auto">
        {corpora.isLoading && (
          <div className="p-4">
            <Spinner />
          </div>
        )}
        {corpora.error && <ErrorBox title="Could not load corpora" error={corpora.error} />}
        {corpora.data && corpora.data.length === 0 && (
          <EmptyState
            title="No corpus yet"
            action={
              <ButtonLink href="/corpora/register" variant="primary">
                Register a corpus
              </ButtonLink>
            }
          >
            Register JSONL, CSV or Parquet files that stay where they are (large corpora), or import a small set of documents from the Imports screen.
          </EmptyState>
        )}
        {corpora.data && corpora.data.length > 0 && (
          <table className="w-full text-[12px]" aria-label="Corpora">
            <thead className="sticky top-0 border-b border-border bg-bg-subtle text-left text-[11px] text-fg-subtle">
              <tr>
                <th className="h-8 px-3 font-medium">Name</th>
                <th className="px-3 font-medium">Description</th>
                <th className="px-3 text-right font-medium">Documents</th>
                <th className="px-3 text-right font-medium">Browsable</th>
                <th className="px-3 text-right font-medium">Files</th>
                <th className="px-3 font-medium">License</th>
                <th className="px-3 text-right font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {corpora.data.map((c) => (
                <tr key={c.id} className="h-9 border-b border-border hover:bg-bg-hover">
                  <td className="px-3 font-medium">
                    <Link href={`/corpora/${c.id}`} className="text-accent hover:underline">
                      {c.name}
                    </Link>
                  </td>
                  <td className="max-w-[420px] truncate px-3 text-fg-muted" title={c.description}>
                    {c.description || "—"}
                  </td>
                  <td className="px-3 text-right tabular-nums">{formatNumber(c.documentCount)}</td>
                  <td className="px-3 text-right tabular-nums">{formatNumber(c.sampleCount)}</td>
                  <td className="px-3 text-right tabular-nums">{formatNumber(c.fileCount)}</td>
                  <td className="max-w-[200px] truncate px-3 text-fg-muted" title={c.license}>
                    {c.license || "—"}
                  </td>
                  <td className="px-3 text-right text-fg-subtle">{relativeTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
