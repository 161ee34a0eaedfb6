// The runs modules for the web server, loaded on first use: they pull in the engine (NLP models, WordNet, the
// template index), which pages that never touch runs should not pay for at start-up.
let loaded: Promise<{ service: typeof import("./service"); forecast: typeof import("./forecast"); preview: typeof import("./preview"); documentMatches: typeof import("./document-matches") }> | null = null;

export function loadRuns() {
  loaded ??= Promise.all([import("./service"), import("./forecast"), import("./preview"), import("./document-matches")])
    .then(([service, forecast, preview, documentMatches]) => ({ service, forecast, preview, documentMatches }))
    .catch((e) => {
      loaded = null;
      throw e;
    });
  return loaded;
}
