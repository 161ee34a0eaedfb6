// The import report is JSON kept with the ImportJob; read it defensively (its shape may grow).
export interface BadLine {
  line: number;
  reason: string;
  detail?: string;
}

export interface ParsedReport {
  badLines: BadLine[];
  /** Bad lines beyond those listed (the report keeps the first 1,000). */
  truncated: number;
  reasons: { reason: string; count: number }[];
  notes: string[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toBadLine(v: unknown): BadLine | null {
  if (!isObj(v)) return null;
  const line = Number(v.line ?? v.lineNumber ?? v.row ?? v.lineNo);
  if (!Number.isFinite(line)) return null;
  const reason = String(v.reason ?? v.code ?? v.error ?? "bad line");
  const detail = v.message ?? v.detail;
  return { line, reason, detail: detail === undefined || detail === reason ? undefined : String(detail) };
}

export function parseReport(report: unknown, badLineCount: number): ParsedReport {
  const out: ParsedReport = { badLines: [], truncated: 0, reasons: [], notes: [] };
  if (!isObj(report)) return out;
  const candidates = [report.badLines, report.bad, report.errors, report.rejected, report.lines].filter(Array.isArray) as unknown[][];
  for (const arr of candidates) {
    const lines = arr.map(toBadLine).filter((x): x is BadLine => x !== null);
    if (lines.length) {
      out.badLines = lines;
      break;
    }
  }
  out.badLines.sort((a, b) => a.line - b.line);
  out.truncated = Math.max(0, badLineCount - out.badLines.length);
  const reasons = report.reasons ?? report.byReason ?? report.reasonCounts;
  if (isObj(reasons)) out.reasons = Object.entries(reasons).map(([reason, count]) => ({ reason, count: Number(count) }));
  else {
    const m = new Map<string, number>();
    for (const b of out.badLines) m.set(b.reason, (m.get(b.reason) ?? 0) + 1);
    out.reasons = [...m].map(([reason, count]) => ({ reason, count }));
  }
  out.reasons.sort((a, b) => b.count - a.count);
  if (Array.isArray(report.notes)) out.notes = report.notes.map(String);
  if (typeof report.message === "string") out.notes.push(report.message);
  return out;
}
