"use client";
// The documents a template matches: the engine's matcher on full-text candidates from a corpus, with the pair the
// template makes on each. Fetched on request: it scores hundreds of documents.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CorpusSelect } from "../_components/corpus-select";
import { useHotkeys } from "../_components/hotkeys";
import { PanelSection } from "../_components/side-panel";
import { Badge, Button, ErrorBox, formatNumber, Spinner } from "../_components/ui";
import { useTRPC } from "../_trpc/client";

const REASONS: Record<string, string> = {
  "not-retrieved": "not among the view's candidates",
  "below-threshold": "below the match threshold",
  incompatible: "no view can fill its variables",
};

export function TemplateDocuments({ id }: { id: string }) {
  const trpc = useTRPC();
  const corpora = useQuery(trpc.corpora.list.queryOptions());
  const [picked, setPicked] = useState("");
  const [asked, setAsked] = useState<string | null>(null);
  const corpusId = picked || String(corpora.data?.[0]?.id ?? "");
  const found = useQuery(trpc.templates.documents.queryOptions({ id, corpusId: Number(asked), limit: 20 }, { enabled: asked !== null, staleTime: 60_000 }));
  const max = Math.max(1e-9, ...(found.data?.documents.map((d) => d.score) ?? []));
  useHotkeys([{ key: "d", description: "Find the documents the open template matches", handler: () => corpusId && setAsked(corpusId) }]);

  return (
    <PanelSection title="Documents it matches">
      <div className="mb-2 flex items-center gap-2">
        <div className="min-w-0 flex-1">
          <CorpusSelect corpora={corpora.data ?? []} value={corpusId} onChange={setPicked} />
        </div>
        <Button size="xs" onClick={() => setAsked(corpusId)} disabled={!corpusId || found.isFetching}>
          {found.isFetching ? "Matching…" : "Find documents"} <kbd>d</kbd>
        </Button>
      </div>
      {asked === null ? (
        <p className="text-[12px] text-fg-subtle">Runs the matcher on the corpus&apos;s stored documents that share words with this template, and shows the pair it makes on the best of them.</p>
      ) : found.isLoading ? (
        <Spinner label="Matching documents" />
      ) : found.error ? (
        <ErrorBox title="Could not match documents" error={found.error} />
      ) : found.data && found.data.documents.length === 0 ? (
        <p className="text-[12px] text-fg-subtle">No stored document of this corpus shares a word with the template. Try another corpus, or edit the template&apos;s compatible-document description.</p>
      ) : (
        found.data && (
          <>
            <p className="mb-2 text-[11px] text-fg-subtle">
              Eligible on {formatNumber(found.data.eligible)} of {formatNumber(found.data.candidates)} candidate documents · bank of {formatNumber(found.data.bank)} templates ·{" "}
              {found.data.engine}
            </p>
            <ul className="flex flex-col gap-2" aria-label="Matching documents">
              {found.data.documents.map((d) => (
                <li key={d.id} className="rounded-md border border-border p-2 text-[12px]">
                  <div className="mb-1 flex flex-wrap items-center gap-1.5 text-[11px] text-fg-subtle">
                    {d.eligible ? (
                      <Badge tone="success" title="Rank among the templates eligible for this document; the matcher samples up to N of them">
                        #{d.rank} of {d.eligibleTemplates}
                      </Badge>
                    ) : (
                      <Badge tone="warn">{REASONS[d.reason ?? ""] ?? d.reason}</Badge>
                    )}
                    {d.judgeScore !== null && <Badge tone={d.judgeScore >= 4 ? "success" : "neutral"}>judge {d.judgeScore}</Badge>}
                    <span>view {d.viewK}</span>
                    <span className="inline-flex items-center gap-1" title={`match score ${d.score.toFixed(3)}`}>
                      <span className="h-1.5 w-12 overflow-hidden rounded bg-bg-subtle">
                        <span className="block h-full bg-accent" style={{ width: `${Math.round((d.score / max) * 100)}%` }} />
                      </span>
                      {d.score.toFixed(3)}
                    </span>
                    <Link className="ml-auto max-w-[45%] truncate text-accent hover:underline" href={`/corpora/${d.corpusId}?open=${encodeURIComponent(d.id)}`} title={d.title || d.externalId}>
                      {d.title || d.externalId}
                    </Link>
                  </div>
                  {d.instruction ? (
                    <>
                      <p className="font-medium whitespace-pre-wrap">{d.instruction}</p>
                      <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-fg-muted">{d.answer}</p>
                    </>
                  ) : (
                    <p className="text-fg-subtle">Does not instantiate: {d.failure}</p>
                  )}
                </li>
              ))}
            </ul>
          </>
        )
      )}
    </PanelSection>
  );
}
