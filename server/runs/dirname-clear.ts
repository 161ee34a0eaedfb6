// See usearch-preload.ts.
const g = globalThis as { __dirname?: string; __fiSavedDirname?: string };
if (g.__dirname !== undefined) {
  g.__fiSavedDirname = g.__dirname;
  delete g.__dirname;
}
export {};
