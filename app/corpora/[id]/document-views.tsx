"use client";
// A document's views (global + K local Gaussian windows) and the templates each view matched. Choosing a view or a
// match highlights its range (and a written answer's excerpts) in the text, which is rendered as text, never HTML.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { MarkedText } from "../../_components/marked-text";
import { PanelSection } from "../../_components/side-panel";
import { TemplateText } from "../../_components/template-text";
import { Badge, cx, ErrorBox, Spinner } from "../../_components/ui";
import { useTRPC } from "../../_trpc/client";

const VIEW_COLORS = ["#64748b", "#4f46e5", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626", "#0f766e", "#a16207"];
const color = (k: number) => VIEW_COLORS[k % VIEW_COLORS.length];
const NO_EXCERPTS: { start: number; end: number }[] = [];

export function DocumentViews({ id, text }: { id: string; text: string }) {
  const trpc = useTRPC();
  const m = useQuery(trpc.documents.matches.queryOptions({ id }, { staleTime: 60_000 }));
  const [active, setActive] = useState<{ view: number; match: number | null } | null>(null);
  const data = m.data;
  const views = data?.views ?? [];
  const view = active ? views.find((v) => v.k === active.view) ?? null : null;
  const match = active?.match != null ? data?.matches[active.match] : undefined;
  const len = Math.max(1, text.length);
  const dropped = Object.entries(data?.dropped ?? {}).filter(([, n]) => n > 0);

  return (
    <>
      <PanelSection title="Views and matched templates">
        {m.isLoading && <Spinner label="Matching the active templates" />}
        {m.error && <ErrorBox title="Could not match this document" error={m.error} />}
        {data && (
          <div className="flex flex-col gap-2 text-[12px]" data-testid="document-views">
            <p className="text-[11px] text-fg-subtle">
              {data.engine} over {data.templates.toLocaleString()} active templates; K = {data.settings.match.localViews}, σ = {data.settings.match.sigma}, threshold {data.settings.match.threshold}. Pick a view or a match to see it in the text.
            </p>
            <div className="flex flex-col gap-1" aria-label="Views">
              {views.map((v) => (
                <button
                  key={v.k}
                  onClick={() => setActive(active?.view === v.k && active.match === null ? null : { view: v.k, match: null })}
                  className={cx("flex items-center gap-2 rounded px-1 text-left", active?.view === v.k && active.match === null && "bg-bg-muted")}
                  aria-label={`View ${v.k}`}
                >
                  <span className="w-10 shrink-0 text-[11px] text-fg-muted">k={v.k}</span>
                  <span className="relative h-2.5 flex-1 rounded bg-bg-muted">
                    <span className="absolute top-0 h-2.5 rounded" style={{ left: `${(100 * v.start) / len}%`, width: `${Math.max(0.5, (100 * (v.end - v.start)) / len)}%`, background: color(v.k) }} />
                  </span>
                  <span className="w-16 shrink-0 text-right text-[11px] text-fg-subtle tabular-nums">{data.matches.filter((x) => x.viewK === v.k).length} match</span>
                </button>
              ))}
            </div>
            {data.matches.length === 0 && <p className="text-fg-subtle">No template passed the similarity threshold and the compatibility check for this document.</p>}
            <ul className="flex flex-col gap-1.5" data-testid="document-matches">
              {data.matches.map((x, i) => (
                <li key={`${x.templateId}-${x.viewK}`}>
                  <button
                    onClick={() => setActive(active?.match === i ? null : { view: x.viewK, match: i })}
                    className={cx("w-full rounded-md border p-2 text-left", active?.match === i ? "border-accent" : "border-border hover:bg-bg-subtle")}
                  >
                    <div className="mb-1 flex items-center gap-1.5 text-[11px]">
                      <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: color(x.viewK) }} />
                      <span className="text-fg-muted">k={x.viewK}</span>
                      <span className="text-fg-subtle tabular-nums">score {x.matchScore.toFixed(3)}</span>
                      {x.outcome === "written" ? <Badge tone="success">written · judge {x.judgeScore}</Badge> : <Badge tone="warn">dropped at {x.outcome}</Badge>}
                    </div>
                    <TemplateText text={x.templateText} />
                    {x.instruction && <p className="mt-1 font-medium">{x.instruction}</p>}
                    {x.reason && <p className="mt-1 text-[11px] text-fg-subtle">{x.reason}</p>}
                  </button>
                </li>
              ))}
            </ul>
            {dropped.length > 0 && (
              <p className="text-[11px] text-fg-subtle">
                Candidates the matcher set aside: {dropped.map(([r, n]) => `${r} ${n}`).join(" · ")}
              </p>
            )}
          </div>
        )}
      </PanelSection>
      <PanelSection title="Text">
        {match?.answer && (
          <div className="mb-2 rounded-md border border-border p-2 text-[12px]">
            <div className="text-[11px] font-semibold text-fg-muted uppercase">Answer (highlighted below)</div>
            <p className="whitespace-pre-wrap">{match.answer}</p>
          </div>
        )}
        <MarkedText text={text} range={view} excerpts={match?.excerpts ?? NO_EXCERPTS} testId="document-text" className="rounded-md border border-border bg-bg-subtle p-3 text-[13px]" />
      </PanelSection>
    </>
  );
}
