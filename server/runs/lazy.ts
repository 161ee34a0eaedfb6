// The runs modules for the web server, loaded on first use: they pull in the engine (NLP models, WordNet, the
// template index), which pages that never touch runs should not pay for at start-up.
let loaded: Promise<{ service: typeof import("./service"); forecast: typeof import("./forecast"); preview: typeof import("./preview"); documentMatches: typeof import("./document-matches"); templateDocuments: typeof import("./template-documents") }> | null = null;

export function loadRuns() {
  loaded ??= Promise.all([import("./service"), import("./forecast"), import("./preview"), import("./document-matches"), import("./template-documents")])
    .then(([service, forecast, preview, documentMatches, templateDocuments]) => ({ service, forecast, preview, documentMatches, templateDocuments }))
    .catch((e) => {
      loaded = null;
      throw e;
    });
  return loaded;
}
