// See usearch-preload.ts.
const g = globalThis as { __dirname?: string; __fiSavedDirname?: string };
if (g.__fiSavedDirname !== undefined) {
  g.__dirname = g.__fiSavedDirname;
  delete g.__fiSavedDirname;
}
export {};
