// The engine over the active template bank (plus any extra templates asked for), one per (template versions,
// settings, corpus) in this process: the document views and a template's documents ask for many documents in a row.
// Given a corpus, the templates carry their hubness on it, as a run launched on that corpus would.
import { loadConfig } from "../config";
import { createEngine, type Engine } from "../pipeline/engine";
import { modelBackendSettingsFromEnv } from "../pipeline/model/backend";
import { hash32 } from "../pipeline/rng";
import type { EngineSettings, EngineTemplate } from "../pipeline/types";
import { selectTemplates } from "./planner";
import { templatesWithHubness } from "./corpus-sample";

let cached: { key: string; engine: Engine; templates: Map<string, EngineTemplate> } | null = null;

export async function activeEngine(
  settings: EngineSettings,
  extra: EngineTemplate[] = [],
  corpusId: number | null = null,
): Promise<{ engine: Engine; templates: Map<string, EngineTemplate> }> {
  const active = await selectTemplates({ status: "active" });
  const ids = new Set(active.map((t) => t.id));
  const bank = [...active, ...extra.filter((t) => !ids.has(t.id))];
  if (!bank.length) throw new Error("No active template to match: import or genericize queries first");
  // Pinned versions, not just ids: an edited template makes a new version, so the engine is rebuilt.
  const key = `${hash32(bank.map((t) => `${t.id}@${t.version}`).join("\n"))}|${bank.length}|${JSON.stringify(settings)}|${corpusId}`;
  if (cached?.key !== key) {
    const pinned = corpusId === null ? bank : await templatesWithHubness(corpusId, bank, settings);
    const engine = await createEngine({ templates: pinned, settings, cacheDir: loadConfig().cacheDir, model: modelBackendSettingsFromEnv() });
    cached = { key, engine, templates: new Map(pinned.map((t) => [t.id, t])) };
  }
  return { engine: cached.engine, templates: cached.templates };
}
