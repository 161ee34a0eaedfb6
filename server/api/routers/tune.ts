// Tune: the engine on a sample with candidate settings (live preview), and presets saved from it. Thin over server/runs.
import { previewInputSchema, savePresetSchema } from "../../runs/schema";
import { createTRPCRouter, publicProcedure } from "../trpc";
import { guard } from "./_runs";

export const tuneRouter = createTRPCRouter({
  preview: publicProcedure.input(previewInputSchema).mutation(({ input }) => guard((m) => m.preview.previewSettings(input))),
  presets: publicProcedure.query(() => guard((m) => m.preview.listPresets())),
  savePreset: publicProcedure.input(savePresetSchema).mutation(({ input }) => guard((m) => m.preview.savePreset(input))),
});
