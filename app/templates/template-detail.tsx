"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { errorMessage, sourceQueries } from "../_components/format";
import { useHotkeys } from "../_components/hotkeys";
import { KeyValue, PanelSection, SidePanel } from "../_components/side-panel";
import { TemplateText } from "../_components/template-text";
import { useToast } from "../_components/toast";
import { Badge, Button, ErrorBox, Field, formatDate, inputClass, Spinner, StatusBadge } from "../_components/ui";
import { useTRPC } from "../_trpc/client";
import { TemplateDocuments } from "./template-documents";
import { isVagueDescription, VAGUE_DESCRIPTION_TAG } from "@/server/pipeline/review";
import { validateTemplate } from "@/server/pipeline/template-syntax";

export function TemplateDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useQuery(trpc.templates.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const [tagDraft, setTagDraft] = useState("");
  const tagInput = useRef<HTMLInputElement>(null);

  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.stats.pathKey() });
  };
  const bulk = useMutation(
    trpc.templates.bulk.mutationOptions({
      onSuccess: invalidate,
      onError: (e) => toast({ kind: "error", title: "Update failed", message: errorMessage(e) }),
    }),
  );
  const data = t.data;
  const toggleStatus = () => {
    if (!data) return;
    const next = data.status === "active" ? "retired" : "active";
    bulk.mutate(
      { selection: { ids: [data.id] }, action: { setStatus: next } },
      { onSuccess: () => toast({ kind: "success", title: next === "retired" ? "Template retired" : "Template activated" }) },
    );
  };
  useHotkeys([
    { key: "e", description: "Edit the open template", handler: () => setEditing(true) },
    { key: "r", description: "Retire / re-activate the open template", handler: toggleStatus },
    { key: "t", description: "Tag the open template", handler: () => tagInput.current?.focus() },
  ]);

  return (
    <SidePanel
      title={<span className="font-mono text-[11px] text-fg-muted">{id}</span>}
      onClose={onClose}
      width={460}
      actions={
        data && (
          <>
            <Button size="xs" onClick={() => setEditing((e) => !e)}>
              {editing ? "Cancel edit" : "Edit"} <kbd>e</kbd>
            </Button>
            <Button size="xs" onClick={toggleStatus} disabled={bulk.isPending}>
              {data.status === "active" ? "Retire" : "Activate"} <kbd>r</kbd>
            </Button>
          </>
        )
      }
    >
      {t.isLoading && <Spinner />}
      {t.error && <ErrorBox title="Could not load the template" error={t.error} />}
      {data && (
        <>
          <PanelSection title="Template" right={<span className="text-[11px] text-fg-subtle">version {data.currentVersion}</span>}>
            {editing ? (
              <EditForm
                key={data.currentVersion}
                id={data.id}
                version={data.currentVersion}
                text={data.text}
                description={data.description}
                onDone={() => {
                  setEditing(false);
                  invalidate();
                }}
              />
            ) : (
              <div className="rounded-md border border-border bg-bg-subtle p-2.5 text-[13px] leading-relaxed">
                <TemplateText text={data.text} />
              </div>
            )}
          </PanelSection>
          {!editing && (
            <PanelSection title="Compatible documents">
              <p className="text-[12px] whitespace-pre-wrap text-fg-muted">{data.description || "—"}</p>
            </PanelSection>
          )}
          <PanelSection title="Details">
            <KeyValue
              rows={[
                ["Status", <StatusBadge key="s" status={data.status} />],
                ["Origin", data.origin],
                ["Source", data.sourceName],
                ["Variables", String(data.variableCount)],
                ["Asked by", sourceQueries(data.support)],
                ["Sampled pairs", String(data.samplePairCount)],
                ["Created", formatDate(data.createdAt)],
                ["Updated", formatDate(data.updatedAt)],
              ]}
            />
          </PanelSection>
          <PanelSection title={`Variables (${data.variables.length})`}>
            {data.variables.length === 0 ? (
              <p className="text-[12px] text-fg-subtle">This template has no variables: it is used as is.</p>
            ) : (
              <table className="w-full text-[12px]">
                <thead>
                  <tr className="text-left text-[11px] text-fg-subtle">
                    <th className="py-1 font-medium">Description</th>
                    <th className="py-1 font-medium">Type</th>
                  </tr>
                </thead>
                <tbody>
                  {data.variables.map((v) => (
                    <tr key={v.description} className="border-t border-border">
                      <td className="py-1 pr-2">
                        <span className="rounded border border-chip-border bg-chip px-1 text-chip-fg">{v.description}</span>
                        {isVagueDescription(v.description) && (
                          <span className="ml-1.5 text-[11px] text-warn-soft-fg" data-testid="vague-variable">
                            says nothing of what fits
                          </span>
                        )}
                      </td>
                      <td className="py-1 text-fg-muted">{v.type}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {data.variables.some((v) => isVagueDescription(v.description)) && (
              <p className="mt-1.5 rounded bg-warn-soft px-2 py-1 text-[11px] text-warn-soft-fg">
                The engine found no word for what fits here. Edit (e) the template and describe it, for example “a video
                game” or “a chemical compound”: that clears the tag {VAGUE_DESCRIPTION_TAG} and gives the matcher a kind of
                thing to look for.
              </p>
            )}
          </PanelSection>
          <PanelSection title="Tags">
            <div className="flex flex-wrap items-center gap-1">
              {data.tags.map((tag) => (
                <span key={tag} className="inline-flex items-center gap-1">
                  <Badge>{tag}</Badge>
                  <button
                    type="button"
                    aria-label={`Remove tag ${tag}`}
                    className="text-[11px] text-fg-subtle hover:text-danger"
                    onClick={() => bulk.mutate({ selection: { ids: [data.id] }, action: { removeTags: [tag] } })}
                  >
                    ×
                  </button>
                </span>
              ))}
              <form
                className="inline-flex"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!tagDraft.trim()) return;
                  bulk.mutate({ selection: { ids: [data.id] }, action: { addTags: [tagDraft.trim()] } }, { onSuccess: () => setTagDraft("") });
                }}
              >
                <input
                  ref={tagInput}
                  aria-label="Add a tag"
                  placeholder="add tag (t) ↵"
                  value={tagDraft}
                  onChange={(e) => setTagDraft(e.target.value)}
                  className={inputClass + " h-6 w-28 text-[11px]"}
                />
              </form>
            </div>
          </PanelSection>
          <PanelSection title="Source query">
            {data.sourceQuery ? (
              <QueryCard query={data.sourceQuery} />
            ) : (
              <p className="text-[12px] text-fg-subtle">Imported directly (no source query).</p>
            )}
          </PanelSection>
          {data.support > 1 && (
            <PanelSection title={`Merged queries (${(data.support - 1).toLocaleString("en")})`}>
              <p className="mb-2 text-[11px] text-fg-subtle">Queries whose templates were duplicates of this one; each counts in its support.</p>
              {data.mergedQueries.length ? (
                <ul aria-label="Merged queries" className="flex flex-col gap-1.5">
                  {data.mergedQueries.map((q) => (
                    <li key={q.id}>
                      <QueryCard query={q} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-[12px] text-fg-subtle">Counted at import; the queries are not in this database.</p>
              )}
              {data.support - 1 > data.mergedQueries.length && data.mergedQueries.length > 0 && (
                <p className="mt-1 text-[11px] text-fg-subtle">and {(data.support - 1 - data.mergedQueries.length).toLocaleString("en")} more</p>
              )}
            </PanelSection>
          )}
          <SamplePairs id={data.id} count={data.samplePairCount} />
          <TemplateDocuments id={data.id} />
          <PanelSection title={`Versions (${data.versions.length})`}>
            <ol className="flex flex-col gap-2">
              {data.versions.map((v) => (
                <li key={v.version} className="rounded-md border border-border p-2 text-[12px]">
                  <div className="mb-1 flex items-center gap-2 text-[11px] text-fg-subtle">
                    <Badge tone={v.version === data.currentVersion ? "accent" : "neutral"}>v{v.version}</Badge>
                    <span>{formatDate(v.createdAt)}</span>
                    {v.note && <span className="truncate">· {v.note}</span>}
                  </div>
                  <TemplateText text={v.text} />
                </li>
              ))}
            </ol>
          </PanelSection>
        </>
      )}
    </SidePanel>
  );
}

function EditForm(props: { id: string; version: number; text: string; description: string; onDone: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [text, setText] = useState(props.text);
  const [description, setDescription] = useState(props.description);
  const [note, setNote] = useState("");
  const validation = validateTemplate(text);
  const edit = useMutation(
    trpc.templates.edit.mutationOptions({
      onSuccess: (r) => {
        toast({ kind: "success", title: `Saved as version ${r.version}` });
        props.onDone();
      },
      onError: (e) => toast({ kind: "error", title: "Could not save", message: errorMessage(e) }),
    }),
  );
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        edit.mutate({ id: props.id, expectedVersion: props.version, text, description, note });
      }}
    >
      <Field label="Text" hint={<>Mark variables as <code>&lt;fi&gt;a description&lt;/fi&gt;</code>.</>}>
        <textarea className={inputClass + " h-28 py-1 font-mono"} value={text} onChange={(e) => setText(e.target.value)} aria-label="Template text" />
      </Field>
      <div className="rounded-md border border-border bg-bg-subtle p-2 text-[12px]">
        <div className="mb-1 text-[11px] text-fg-subtle">Preview</div>
        <TemplateText text={text} />
      </div>
      {!validation.ok && (
        <ul className="text-[11px] text-danger" role="alert">
          {validation.errors.map((er, i) => (
            <li key={i}>{er.message}</li>
          ))}
        </ul>
      )}
      <Field label="Compatible document description">
        <textarea className={inputClass + " h-16 py-1"} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field label="Note (why this edit)">
        <input className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={!validation.ok || edit.isPending}>
          {edit.isPending ? "Saving…" : `Save as version ${props.version + 1}`}
        </Button>
        <Button onClick={props.onDone}>Cancel</Button>
      </div>
    </form>
  );
}

function SamplePairs({ id, count }: { id: string; count: number }) {
  const trpc = useTRPC();
  const pairs = useQuery(trpc.templates.samples.queryOptions({ id, limit: 5 }, { enabled: count > 0 }));
  return (
    <PanelSection title={`Sample instantiations (${count})`}>
      {count === 0 ? (
        <p className="text-[12px] text-fg-subtle">No run has used this template yet. Pairs from runs that sample it for audit show up here.</p>
      ) : pairs.isLoading ? (
        <Spinner />
      ) : pairs.error ? (
        <ErrorBox title="Could not load sample pairs" error={pairs.error} />
      ) : (
        <ul className="flex flex-col gap-2">
          {pairs.data?.map((p) => (
            <li key={p.id} className="rounded-md border border-border p-2 text-[12px]">
              <div className="mb-1 flex items-center gap-2 text-[11px] text-fg-subtle">
                <Badge tone={p.judgeScore >= 4 ? "success" : "warn"}>judge {p.judgeScore}</Badge>
                <span>v{p.templateVersion}</span>
                <span>view {p.viewK}</span>
                <span>{Math.round(p.excerptRatio * 100)}% copied</span>
                <Link className="ml-auto truncate text-accent hover:underline" href={`/runs/${p.runId}`}>
                  {p.run.name}
                </Link>
              </div>
              <p className="font-medium whitespace-pre-wrap">{p.instruction}</p>
              <p className="mt-1 line-clamp-4 whitespace-pre-wrap text-fg-muted">{p.answer}</p>
              <p className="mt-1 truncate text-[11px] text-fg-subtle" title={p.documentTitle}>
                from {p.documentTitle || p.documentId}
              </p>
            </li>
          ))}
        </ul>
      )}
    </PanelSection>
  );
}

function QueryCard({ query }: { query: { id: string; text: string; source: string } }) {
  return (
    <div className="rounded-md border border-border p-2 text-[12px]">
      <p className="whitespace-pre-wrap">{query.text}</p>
      <div className="mt-1 flex items-center gap-2 text-[11px] text-fg-subtle">
        <span>{query.source}</span>
        <Link className="text-accent hover:underline" href={`/queries?open=${encodeURIComponent(query.id)}`}>
          open query
        </Link>
      </div>
    </div>
  );
}
