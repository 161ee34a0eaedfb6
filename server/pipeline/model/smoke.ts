// Checks a model server end to end with the FISTUDIO_MODEL_* settings: lists models, then runs each enabled stage once
// on a small built-in example and prints what came back.
//   FISTUDIO_MODEL_BASE_URL=http://127.0.0.1:8000/v1 FISTUDIO_MODEL=… npx tsx server/pipeline/model/smoke.ts
import { DEFAULT_SETTINGS } from "../defaults";
import { validateTemplate } from "../template-syntax";
import type { EngineTemplate } from "../types";
import { computeViews } from "../views";
import { createModelBackend, modelBackendSettingsFromEnv } from "./backend";

const QUERY = "What effects did the Treaty of Versailles have on the German economy in 1920?";
const TEMPLATE = "When was <fi>name of a landmark or building</fi> completed, and why was it built?";
const DOC =
  "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris. It was designed by the company of " +
  "Gustave Eiffel and completed in 1889 as the entrance arch to the World's Fair, marking the centennial of the French " +
  "Revolution. The tower is 330 metres tall and was the tallest man-made structure in the world for 41 years.";

async function main() {
  const settings = modelBackendSettingsFromEnv();
  if (!settings) {
    console.error("FISTUDIO_MODEL_BASE_URL is not set: the built-in engine is in use. See docs/model-backend.md.");
    process.exit(2);
  }
  const b = createModelBackend(settings);
  const check = await b.checkServer();
  for (const s of check.servers) console.log(`server ${s.baseUrl}: ${s.models.join(", ") || "(no models listed)"}`);
  for (const s of check.stages) console.log(`  ${s.stage}: ${s.model} ${s.served ? "ok" : "NOT SERVED"}`);
  for (const w of check.warnings) console.log(`warning: ${w}`);
  if (!check.ok) throw new Error(check.problems.join("\n"));

  if (b.genericize) console.log("\ngenericize:", JSON.stringify(await b.genericize(QUERY), null, 2));
  const template: EngineTemplate = { id: "smoke", version: 1, text: TEMPLATE, variables: validateTemplate(TEMPLATE).variables, compatibleDocumentDescription: "" };
  const doc = { id: "smoke-doc", text: DOC };
  let pair = { instruction: "When was the Eiffel Tower completed, and why was it built?", answer: DOC.split(". ")[1] + "." };
  if (b.instantiate) {
    const r = await b.instantiate(template, doc, computeViews(DOC.length, 5, 0.05)[2], DEFAULT_SETTINGS.instantiate);
    console.log("\ninstantiate:", JSON.stringify(r, null, 2));
    if (r.ok) pair = r;
  }
  if (b.judge) console.log("\njudge:", JSON.stringify(await b.judge(template, doc, pair, DEFAULT_SETTINGS.judge), null, 2));
  if (b.encoder) {
    const enc = await b.encoder();
    const [v] = await enc.encodeTemplates([DOC]);
    console.log(`\nembeddings: ${enc.dims} dimensions, first values ${Array.from(v.dense!.slice(0, 4)).map((x) => x.toFixed(3)).join(", ")}`);
  }
}

main().catch((e) => {
  console.error(`model backend smoke test failed: ${(e as Error).message}`);
  process.exit(1);
});
