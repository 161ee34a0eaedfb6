import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "out/**",
    "node_modules/**",
    "server/db/generated/**",
    "public/duckdb/**",
    ".data/**",
    "data-local/**",
    "coverage/**",
    "test-results/**",
    "playwright-report/**",
    // Scratch space: dot-folders at the top and underscore-prefixed experiment scripts.
    ".*/**",
    "scripts/_*",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Raw SQL rows and third-party shapes are sometimes untyped; `npm run typecheck` (strict) is the real gate.
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    // Not React: functions named use* in tests, server code and scripts are not hooks.
    files: ["server/**", "tests/**", "scripts/**", "e2e/**", "prisma/**", "*.config.*"],
    rules: {
      "react-hooks/rules-of-hooks": "off",
    },
  },
]);
