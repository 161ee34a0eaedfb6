export function fmtDuration(s: number | null | undefined): string {
  if (s === null || s === undefined || !isFinite(s)) return "—";
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function fmtRate(n: number | null | undefined, unit: string): string {
  if (!n) return `0 ${unit}`;
  return `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${unit}`;
}

export const ACTIVE = new Set(["queued", "running", "cancelling"]);
