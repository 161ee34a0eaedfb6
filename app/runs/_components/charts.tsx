"use client";
// The run page's charts (recharts): judge scores, complexity, template usage against the cap, answer position by view.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const axis = { fontSize: 11, fill: "var(--fg-subtle)" };
const grid = "var(--border)";
const tooltipStyle = { contentStyle: { background: "var(--bg)", border: "1px solid var(--border)", fontSize: 12 }, labelStyle: { color: "var(--fg)" } };
const palette = ["var(--accent)", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"];

export function ChartCard({ title, note, children, testId, height = 200 }: { title: string; note?: string; children: React.ReactNode; testId?: string; height?: number }) {
  return (
    <section className="flex flex-col rounded-md border border-border p-3" data-testid={testId}>
      <h3 className="text-[12px] font-semibold">{title}</h3>
      {note && <p className="text-[11px] text-fg-subtle">{note}</p>}
      <div className="mt-2" style={{ height }}>
        {children}
      </div>
    </section>
  );
}

export function JudgeScoreChart({ all, kept, threshold }: { all: Record<string, number>; kept: Record<string, number>; threshold: number }) {
  const data = [1, 2, 3, 4, 5].map((s) => ({ score: String(s), judged: all[s] ?? 0, written: kept[s] ?? 0 }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke={grid} vertical={false} />
        <XAxis dataKey="score" tick={axis} />
        <YAxis tick={axis} width={48} />
        <Tooltip {...tooltipStyle} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <ReferenceLine x={String(threshold)} stroke="var(--danger)" strokeDasharray="4 2" />
        <Bar dataKey="judged" fill="var(--border-strong)" isAnimationActive={false} />
        <Bar dataKey="written" fill="var(--accent)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function ComplexityChart({ complexity, target }: { complexity: Record<string, number>; target: number[] }) {
  const total = Object.values(complexity).reduce((a, b) => a + b, 0) || 1;
  const buckets = Math.max(target.length, ...Object.keys(complexity).map(Number));
  const data = Array.from({ length: buckets }, (_, i) => {
    const k = i + 1;
    const n = k === target.length ? Object.entries(complexity).filter(([v]) => Number(v) >= k).reduce((a, [, x]) => a + x, 0) : complexity[k] ?? 0;
    return { variables: k === target.length ? `${k}+` : String(k), share: n / total, target: target[i] ?? 0 };
  }).slice(0, target.length);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke={grid} vertical={false} />
        <XAxis dataKey="variables" tick={axis} />
        <YAxis tick={axis} width={40} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
        <Tooltip {...tooltipStyle} formatter={(v) => `${(Number(v) * 100).toFixed(1)}%`} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="share" name="pairs" fill="var(--accent)" isAnimationActive={false} />
        <Bar dataKey="target" name="target" fill="var(--border-strong)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TemplateUsageChart({ top, cap }: { top: { templateId: string; text: string; count: number }[]; cap: number }) {
  const data = top.map((t) => {
    const plain = (t.text || t.templateId).replace(/<fi>(.*?)<\/fi>/g, "[$1]");
    return { name: plain.length > 34 ? `${plain.slice(0, 33)}…` : plain, full: plain, count: t.count };
  });
  const max = data.reduce((m, d) => Math.max(m, d.count), 0);
  // Draw the cap only when it is in reach; otherwise the bars would be invisible next to it (the note gives the share).
  const showCap = max >= cap * 0.5;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ left: 4, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={grid} horizontal={false} />
        <XAxis type="number" tick={axis} allowDecimals={false} domain={[0, showCap ? Math.max(max, cap) : "auto"]} />
        <YAxis type="category" dataKey="name" tick={{ ...axis, fontSize: 10 }} width={200} interval={0} />
        <Tooltip {...tooltipStyle} labelFormatter={(_, p) => String(p?.[0]?.payload?.full ?? "")} />
        {showCap && <ReferenceLine x={cap} stroke="var(--danger)" strokeDasharray="4 2" label={{ value: `cap ${cap}`, fontSize: 10, fill: "var(--danger)", position: "insideTopRight" }} />}
        <Bar dataKey="count" name="matches" fill="var(--accent)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function AnswerPositionChart({ byView }: { byView: Record<string, number[]> }) {
  const views = Object.keys(byView).sort((a, b) => Number(a) - Number(b));
  const bins = byView[views[0]]?.length ?? 10;
  const data = Array.from({ length: bins }, (_, i) => {
    const row: Record<string, number | string> = { position: `${Math.round(((i + 0.5) / bins) * 100)}%` };
    for (const k of views) {
      const total = byView[k].reduce((a, b) => a + b, 0) || 1;
      row[`k=${k}`] = byView[k][i] / total;
    }
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke={grid} />
        <XAxis dataKey="position" tick={axis} />
        <YAxis tick={axis} width={40} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
        <Tooltip {...tooltipStyle} formatter={(v) => `${(Number(v) * 100).toFixed(1)}%`} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {views.map((k, i) => (
          <Line key={k} type="monotone" dataKey={`k=${k}`} stroke={palette[i % palette.length]} dot={false} strokeWidth={k === "0" ? 2.5 : 1.5} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
