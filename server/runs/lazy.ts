// The runs modules for the web server, loaded on first use. Prisma's generated client sets globalThis.__dirname,
// and usearch's ESM build (an external package in the Next bundle) then looks for its native build in the wrong
// place; bundlers do not keep the import order usearch-preload.ts relies on, so load it here explicitly, with the
// global removed, before anything imports the engine.
let loaded: Promise<{ service: typeof import("./service"); forecast: typeof import("./forecast") }> | null = null;

async function loadUsearch(): Promise<void> {
  const g = globalThis as { __dirname?: string };
  const saved = g.__dirname;
  if (saved !== undefined) delete g.__dirname;
  try {
    await import("usearch");
  } finally {
    if (saved !== undefined) g.__dirname = saved;
  }
}

export function loadRuns() {
  loaded ??= (async () => {
    await loadUsearch();
    const [service, forecast] = await Promise.all([import("./service"), import("./forecast")]);
    return { service, forecast };
  })().catch((e) => {
    loaded = null;
    throw e;
  });
  return loaded;
}
