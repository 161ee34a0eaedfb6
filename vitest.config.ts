import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["server/**/*.int.test.ts", "tests/**/*.int.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
