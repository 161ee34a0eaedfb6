/** "1,234", or "≈ 12,000" for an estimate (combined filters or a search over a large set are never counted by a scan). */
export function formatTotal(total: { value: number; exact: boolean } | null | undefined): string {
  if (!total) return "…";
  return (total.exact ? "" : "≈ ") + total.value.toLocaleString("en-US");
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
