/** "1,234", or "≈ 12,000" for an estimate (combined filters or a search over a large set are never counted by a scan). */
export function formatTotal(total: { value: number; exact: boolean } | null | undefined): string {
  if (!total) return "…";
  return (total.exact ? "" : "≈ ") + total.value.toLocaleString("en-US");
}

/** "1 source query", "48 source queries": what a template's support counts. */
export function sourceQueries(n: number): string {
  return `${n.toLocaleString("en-US")} source quer${n === 1 ? "y" : "ies"}`;
}

/** A readable message from any error, including tRPC input-validation errors (field: problem). */
export function errorMessage(e: unknown): string {
  const data = (e as { data?: { zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null } })?.data;
  const z = data?.zodError;
  if (z) {
    const parts = [...(z.formErrors ?? []), ...Object.entries(z.fieldErrors ?? {}).map(([k, v]) => `${k}: ${(v ?? []).join(", ")}`)];
    if (parts.length) return parts.join("; ");
  }
  if (e instanceof Error) return e.message;
  return String(e);
}
