"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { ButtonLink, cx, ErrorBox, formatNumber, PageHeader, relativeTime, Spinner, StatusBadge } from "./_components/ui";
import { useTRPC } from "./_trpc/client";
import { UNKNOWN_NAME, UNKNOWN_WORD, VAGUE_DESCRIPTION_TAG as REVIEW_TAG } from "@/server/pipeline/review";

function Stat({ label, value, sub, href }: { label: string; value: number; sub?: ReactNode; href: string }) {
  return (
    <Link href={href} className="group rounded-lg border border-border bg-bg p-3 hover:border-border-strong hover:bg-bg-hover" data-testid={`stat-${label.toLowerCase()}`}>
      <div className="text-[11px] font-medium text-fg-subtle">{label}</div>
      <div className="mt-0.5 text-[22px] font-semibold tabular-nums" data-testid="stat-value">
        {formatNumber(value)}
      </div>
      {sub && <div className="text-[11px] text-fg-subtle">{sub}</div>}
    </Link>
  );
}

function Card({ title, children, right }: { title: string; children: ReactNode; right?: ReactNode }) {
  return (
    <section className="flex min-w-0 flex-col rounded-lg border border-border bg-bg">
      <div className="flex h-9 items-center justify-between border-b border-border px-3">
        <h2 className="text-[12px] font-semibold">{title}</h2>
        {right}
      </div>
      <div className="min-w-0 p-3">{children}</div>
    </section>
  );
}

function Bars({ rows }: { rows: { label: string; count: number; href: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ul className="flex flex-col gap-1">
      {rows.map((r) => (
        <li key={r.label}>
          <Link href={r.href} className="grid grid-cols-[140px_1fr_60px] items-center gap-2 rounded px-1 text-[12px] hover:bg-bg-hover">
            <span className="truncate text-fg-muted" title={r.label}>
              {r.label}
            </span>
            <span className="h-2 rounded-sm bg-bg-muted">
              <span className="block h-2 rounded-sm bg-accent" style={{ width: `${(r.count / max) * 100}%` }} />
            </span>
            <span className="text-right tabular-nums">{formatNumber(r.count)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function DashboardView() {
  const trpc = useTRPC();
  const d = useQuery(trpc.stats.dashboard.queryOptions(undefined, { refetchInterval: 10_000 }));
  const data = d.data;

  const steps = data
    ? [
        {
          done: data.counts.queries > 0,
          title: "Import real user queries",
          detail: "The raw material: questions people actually ask.",
          href: "/imports?kind=queries",
          cta: "Import queries",
        },
        {
          done: data.counts.templates > 0,
          title: "Build the template bank",
          detail: "Genericize queries into templates with <fi>variables</fi>, or import a published bank.",
          href: data.counts.templates > 0 ? "/templates" : "/imports?kind=templates",
          cta: "Import templates",
        },
        {
          done: data.counts.corpora > 0,
          title: "Register a corpus",
          detail: "The pre-training documents the pairs are grounded in.",
          href: "/corpora/register",
          cta: "Register a corpus",
        },
        { done: data.counts.runs > 0, title: "Launch a generation run", detail: "Match, instantiate, judge and assemble pairs.", href: "/runs", cta: "Go to runs" },
      ]
    : [];
  const next = steps.find((s) => !s.done);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Dashboard"
        subtitle="Turn pre-training corpora into grounded (instruction, answer) pairs"
        actions={
          <>
            <ButtonLink href="/imports">Import data</ButtonLink>
            <ButtonLink href="/runs" variant="primary">
              Runs
            </ButtonLink>
          </>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto p-4">
        {d.isLoading && <Spinner />}
        {d.error && <ErrorBox title="Could not load the dashboard" error={d.error} />}
        {data && (
          <div className="mx-auto flex max-w-[1200px] flex-col gap-4">
            <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
              <Stat
                label="Templates"
                value={data.counts.templates}
                href="/templates"
                sub={`${formatNumber(data.counts.activeTemplates)} active · ${formatNumber(data.counts.retiredTemplates)} retired`}
              />
              <Stat label="Queries" value={data.counts.queries} href="/queries" sub={`${data.querySources.length} source${data.querySources.length === 1 ? "" : "s"}`} />
              <Stat label="Documents" value={data.counts.documents} href="/corpora" sub="browsable in Postgres" />
              <Stat label="Corpora" value={data.counts.corpora} href="/corpora" />
              <Stat label="Runs" value={data.counts.runs} href="/runs" />
            </div>

            {data.counts.templatesToReview > 0 && (
              <p className="rounded-md bg-warn-soft px-3 py-2 text-[12px] text-warn-soft-fg" data-testid="templates-to-review">
                {formatNumber(data.counts.templatesToReview)} template{data.counts.templatesToReview === 1 ? " has" : "s have"} a variable the engine could only
                call “{UNKNOWN_WORD}” or “{UNKNOWN_NAME}”.{" "}
                <Link href={`/templates?tags=${encodeURIComponent(REVIEW_TAG)}`} className="font-medium text-accent hover:underline">
                  Say what fits →
                </Link>{" "}
                <span className="text-fg-subtle">Editing the description clears the tag {REVIEW_TAG}.</span>
              </p>
            )}

            {next && (
              <section className="rounded-lg border border-accent/40 bg-accent-soft/40 p-3" aria-label="What to do next">
                <div className="mb-2 text-[12px] font-semibold">What to do next</div>
                <ol className="grid grid-cols-1 gap-2 md:grid-cols-4">
                  {steps.map((s, i) => (
                    <li key={s.title} className={cx("rounded-md border bg-bg p-2.5 text-[12px]", s === next ? "border-accent" : "border-border")}>
                      <div className="flex items-center gap-2">
                        <span
                          className={cx(
                            "flex h-4 w-4 items-center justify-center rounded-full text-[10px] font-bold",
                            s.done ? "bg-success text-white" : "bg-bg-muted text-fg-muted",
                          )}
                        >
                          {s.done ? "✓" : i + 1}
                        </span>
                        <span className={cx("font-medium", s.done && "text-fg-subtle line-through")}>{s.title}</span>
                      </div>
                      <p className="mt-1 text-[11px] text-fg-subtle">{s.detail}</p>
                      {s === next && (
                        <Link href={s.href} className="mt-1.5 inline-block text-[12px] font-medium text-accent hover:underline">
                          {s.cta} →
                        </Link>
                      )}
                    </li>
                  ))}
                </ol>
              </section>
            )}

            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              <Card title="Templates by complexity" right={<span className="text-[11px] text-fg-subtle">variables per template</span>}>
                {data.templatesByVariableCount.length === 0 ? (
                  <p className="text-[12px] text-fg-subtle">No templates yet.</p>
                ) : (
                  <Bars rows={data.templatesByVariableCount.map((r) => ({ label: `${r.variables} variable${r.variables === 1 ? "" : "s"}`, count: r.count, href: `/templates?vars=${r.variables}` }))} />
                )}
              </Card>
              <Card title="Templates by source">
                {data.templatesBySource.length === 0 ? (
                  <p className="text-[12px] text-fg-subtle">No templates yet.</p>
                ) : (
                  <Bars rows={data.templatesBySource.map((r) => ({ label: r.source, count: r.count, href: `/templates?source=${encodeURIComponent(r.source)}` }))} />
                )}
              </Card>
              <Card title="Corpora" right={<Link href="/corpora" className="text-[11px] text-accent hover:underline">all corpora</Link>}>
                {data.corpora.length === 0 ? (
                  <p className="text-[12px] text-fg-subtle">
                    No corpus yet. <Link className="text-accent hover:underline" href="/corpora/register">Register one</Link>.
                  </p>
                ) : (
                  <table className="w-full text-[12px]">
                    <tbody>
                      {data.corpora.slice(0, 6).map((c) => (
                        <tr key={c.id} className="h-7 border-b border-border last:border-0">
                          <td>
                            <Link href={`/corpora/${c.id}`} className="font-medium text-accent hover:underline">
                              {c.name}
                            </Link>
                          </td>
                          <td className="text-right text-fg-muted tabular-nums">{formatNumber(c.documentCount)} docs</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
              <Card title="Recent imports" right={<Link href="/imports" className="text-[11px] text-accent hover:underline">all imports</Link>}>
                {data.imports.length === 0 ? (
                  <p className="text-[12px] text-fg-subtle">
                    Nothing imported yet. <Link className="text-accent hover:underline" href="/imports">Import a file</Link>.
                  </p>
                ) : (
                  <table className="w-full text-[12px]">
                    <tbody>
                      {data.imports.map((i) => (
                        <tr key={i.id} className="h-7 border-b border-border last:border-0">
                          <td className="max-w-[220px] truncate">
                            <Link href={`/imports?open=${i.id}`} className="hover:underline">
                              {i.fileName}
                            </Link>
                          </td>
                          <td className="text-fg-muted">{i.kind}</td>
                          <td>
                            <StatusBadge status={i.status} />
                          </td>
                          <td className="text-right tabular-nums">
                            {formatNumber(i.imported)}
                            {i.badLines > 0 && <span className="text-danger"> · {formatNumber(i.badLines)} bad</span>}
                          </td>
                          <td className="text-right text-fg-subtle">{relativeTime(i.createdAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
              <Card title="Recent runs" right={<Link href="/runs" className="text-[11px] text-accent hover:underline">all runs</Link>}>
                {data.runs.length === 0 ? (
                  <p className="text-[12px] text-fg-subtle">
                    No run yet. Once templates and a corpus are in place, <Link className="text-accent hover:underline" href="/runs">launch a run</Link>.
                  </p>
                ) : (
                  <table className="w-full text-[12px]">
                    <tbody>
                      {data.runs.map((r) => (
                        <tr key={r.id} className="h-7 border-b border-border last:border-0">
                          <td className="max-w-[220px] truncate">
                            <Link href={`/runs/${r.id}`} className="font-medium hover:underline">
                              {r.name}
                            </Link>
                          </td>
                          <td className="text-fg-muted">{r.corpus.name}</td>
                          <td>
                            <StatusBadge status={r.status} />
                          </td>
                          <td className="text-right text-fg-subtle">{relativeTime(r.createdAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
              <Card title="Query sources">
                {data.querySources.length === 0 ? (
                  <p className="text-[12px] text-fg-subtle">No queries yet.</p>
                ) : (
                  <Bars rows={data.querySources.slice(0, 8).map((r) => ({ label: r.source, count: r.count, href: `/queries?source=${encodeURIComponent(r.source)}` }))} />
                )}
              </Card>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
