// Glue between the upload route (app/api/upload) and the imports engine (server/imports): options from the
// browser, live progress the browser polls (imports.progress), and the size limit.
import { runImport, type FieldMap, type ImportFormat, type ImportKind, type ImportProgress, type ImportResult } from "../imports";

export interface UploadImportOptions {
  kind: ImportKind;
  format: ImportFormat;
  filePath: string;
  fileName: string;
  source: string;
  strict: boolean;
  fields: { id?: string; text?: string; title?: string; source?: string; description?: string };
  corpus?: string;
  /** Random id chosen by the browser so it can poll the progress of its own upload. */
  token?: string;
}

/** FISTUDIO_MAX_UPLOAD_MB (default 1024): larger uploads are refused before anything is written. */
export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.FISTUDIO_MAX_UPLOAD_MB ?? 1024);
  return Math.max(1, Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024;
}

// Progress of running browser imports, by token. One process serves both the upload route and tRPC.
const g = globalThis as unknown as { fistudioUploadProgress?: Map<string, ImportProgress & { at: number }> };
const progressByToken = (g.fistudioUploadProgress ??= new Map());

export function uploadProgress(token: string): (ImportProgress & { at: number }) | null {
  return progressByToken.get(token) ?? null;
}

export async function runUploadImport(o: UploadImportOptions): Promise<ImportResult> {
  const fieldMap: FieldMap = {};
  for (const [k, v] of Object.entries(o.fields)) if (v) fieldMap[k as keyof FieldMap] = v;
  try {
    return await runImport({
      kind: o.kind,
      filePath: o.filePath,
      format: o.format,
      fieldMap,
      source: o.source,
      corpus: o.corpus,
      strict: o.strict,
      fileName: o.fileName,
      onProgress: o.token ? (p) => progressByToken.set(o.token!, { ...p, at: Date.now() }) : undefined,
    });
  } finally {
    if (o.token) {
      const t = o.token;
      // Keep the last state a little so a slow poll still sees "done".
      setTimeout(() => progressByToken.delete(t), 60_000).unref?.();
    }
  }
}
