-- Runs (issue 4): live progress and statistics on runs and shards, sparse row index for corpus files.
ALTER TABLE "CorpusFile" ADD COLUMN "lineOffsets" JSONB;

ALTER TABLE "Run" ADD COLUMN "shardCount" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "totalDocuments" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "processedDocuments" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "outputRows" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "stats" JSONB NOT NULL DEFAULT '{}';

ALTER TABLE "RunShard" ADD COLUMN "docsDone" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "stats" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "durationMs" INTEGER;
