/** "1,234" or "10,000+" for a capped count. */
export function formatTotal(total: { value: number; exact: boolean } | null | undefined): string {
  if (!total) return "…";
  return total.value.toLocaleString("en-US") + (total.exact ? "" : "+");
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
