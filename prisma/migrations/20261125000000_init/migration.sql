-- FineInstructions Studio: initial schema, hand-written to match prisma/schema.prisma exactly
-- (prisma migrate cannot run offline). Applied by server/db/migrate.ts and recorded in _prisma_migrations.
-- Beyond Prisma's DDL: tsvector generated columns "search" (GIN) for full-text search.

-- CreateEnum
CREATE TYPE "QueryStatus" AS ENUM ('new', 'genericized', 'rejected');
CREATE TYPE "TemplateStatus" AS ENUM ('active', 'retired');
CREATE TYPE "TemplateOrigin" AS ENUM ('genericized', 'imported', 'edited');
CREATE TYPE "ImportKind" AS ENUM ('queries', 'documents', 'templates');
CREATE TYPE "ImportStatus" AS ENUM ('running', 'completed', 'failed');
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'cancelling', 'cancelled', 'completed', 'failed');
CREATE TYPE "ShardState" AS ENUM ('queued', 'running', 'done', 'failed');
CREATE TYPE "Verdict" AS ENUM ('accept', 'reject', 'flag');

-- CreateTable
CREATE TABLE "QuerySource" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "license" TEXT NOT NULL DEFAULT '',
    "queryCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuerySource_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Query" (
    "id" TEXT NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "meta" JSONB,
    "status" "QueryStatus" NOT NULL DEFAULT 'new',
    "rejectReason" TEXT,
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED,
    CONSTRAINT "Query_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Template" (
    "id" TEXT NOT NULL,
    "status" "TemplateStatus" NOT NULL DEFAULT 'active',
    "origin" "TemplateOrigin" NOT NULL DEFAULT 'genericized',
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "text" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "variables" JSONB NOT NULL,
    "variableCount" INTEGER NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sourceName" TEXT NOT NULL,
    "sourceQueryId" TEXT,
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, "text"), 'A') || setweight(to_tsvector('english'::regconfig, "description"), 'B')
    ) STORED,
    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TemplateVersion" (
    "id" SERIAL NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "variables" JSONB NOT NULL,
    "variableCount" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "FacetCount" (
    "entity" TEXT NOT NULL,
    "facet" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FacetCount_pkey" PRIMARY KEY ("entity","facet","value")
);

CREATE TABLE "Corpus" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "license" TEXT NOT NULL DEFAULT '',
    "documentCount" INTEGER NOT NULL DEFAULT 0,
    "sampleCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Corpus_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "CorpusFile" (
    "id" SERIAL NOT NULL,
    "corpusId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "rowOffset" INTEGER NOT NULL,
    "fieldMap" JSONB NOT NULL,
    "mtime" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CorpusFile_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "corpusId" INTEGER NOT NULL,
    "externalId" TEXT NOT NULL,
    "rowIndex" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "tokenCount" INTEGER NOT NULL DEFAULT 0,
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, "title"), 'A') || setweight(to_tsvector('english'::regconfig, "text"), 'B')
    ) STORED,
    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Preset" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "settings" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Preset_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Run" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "corpusId" INTEGER NOT NULL,
    "presetId" INTEGER,
    "config" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "documentLimit" INTEGER,
    "templateSetHash" TEXT NOT NULL,
    "templateCount" INTEGER NOT NULL,
    "outputDir" TEXT NOT NULL,
    "counters" JSONB NOT NULL DEFAULT '{}',
    "forecast" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RunTemplate" (
    "runId" INTEGER NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "RunTemplate_pkey" PRIMARY KEY ("runId","templateId")
);

CREATE TABLE "RunShard" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "rowStart" INTEGER NOT NULL,
    "rowEnd" INTEGER NOT NULL,
    "state" "ShardState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "counters" JSONB NOT NULL DEFAULT '{}',
    "outputFile" TEXT,
    "checksum" TEXT,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    CONSTRAINT "RunShard_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SamplePair" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "shardIndex" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "documentId" TEXT NOT NULL,
    "documentTitle" TEXT NOT NULL DEFAULT '',
    "documentText" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "templateVersion" INTEGER NOT NULL,
    "instruction" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "fills" JSONB NOT NULL,
    "excerpts" JSONB NOT NULL,
    "excerptRatio" DOUBLE PRECISION NOT NULL,
    "viewK" INTEGER NOT NULL,
    "matchScore" DOUBLE PRECISION NOT NULL,
    "judgeScore" INTEGER NOT NULL,
    "judgeReasons" JSONB NOT NULL,
    "variableCount" INTEGER NOT NULL,
    "tokenCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SamplePair_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "pairId" INTEGER NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reviewer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ImportJob" (
    "id" SERIAL NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fieldMap" JSONB NOT NULL,
    "strict" BOOLEAN NOT NULL DEFAULT false,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "totalLines" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "badLines" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuerySource_name_key" ON "QuerySource"("name");
CREATE INDEX "Query_sourceId_id_idx" ON "Query"("sourceId", "id");
CREATE INDEX "Query_status_id_idx" ON "Query"("status", "id");
CREATE INDEX "Query_createdAt_id_idx" ON "Query"("createdAt", "id");
CREATE INDEX "Query_search_idx" ON "Query" USING GIN ("search");
CREATE INDEX "Template_status_id_idx" ON "Template"("status", "id");
CREATE INDEX "Template_sourceName_id_idx" ON "Template"("sourceName", "id");
CREATE INDEX "Template_variableCount_id_idx" ON "Template"("variableCount", "id");
CREATE INDEX "Template_createdAt_id_idx" ON "Template"("createdAt", "id");
CREATE INDEX "Template_sourceQueryId_idx" ON "Template"("sourceQueryId");
CREATE INDEX "Template_tags_idx" ON "Template" USING GIN ("tags");
CREATE INDEX "Template_search_idx" ON "Template" USING GIN ("search");
CREATE UNIQUE INDEX "TemplateVersion_templateId_version_key" ON "TemplateVersion"("templateId", "version");
CREATE UNIQUE INDEX "Corpus_name_key" ON "Corpus"("name");
CREATE UNIQUE INDEX "CorpusFile_corpusId_path_key" ON "CorpusFile"("corpusId", "path");
CREATE UNIQUE INDEX "Document_corpusId_externalId_key" ON "Document"("corpusId", "externalId");
CREATE INDEX "Document_corpusId_rowIndex_id_idx" ON "Document"("corpusId", "rowIndex", "id");
CREATE INDEX "Document_search_idx" ON "Document" USING GIN ("search");
CREATE UNIQUE INDEX "Preset_name_version_key" ON "Preset"("name", "version");
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt");
CREATE UNIQUE INDEX "RunShard_runId_index_key" ON "RunShard"("runId", "index");
CREATE INDEX "RunShard_state_heartbeatAt_idx" ON "RunShard"("state", "heartbeatAt");
CREATE UNIQUE INDEX "SamplePair_runId_shardIndex_ordinal_key" ON "SamplePair"("runId", "shardIndex", "ordinal");
CREATE INDEX "SamplePair_runId_judgeScore_idx" ON "SamplePair"("runId", "judgeScore");
CREATE INDEX "SamplePair_templateId_idx" ON "SamplePair"("templateId");
CREATE INDEX "Review_pairId_idx" ON "Review"("pairId");
CREATE INDEX "ImportJob_createdAt_idx" ON "ImportJob"("createdAt");

-- AddForeignKey
ALTER TABLE "Query" ADD CONSTRAINT "Query_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "QuerySource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Template" ADD CONSTRAINT "Template_sourceQueryId_fkey" FOREIGN KEY ("sourceQueryId") REFERENCES "Query"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CorpusFile" ADD CONSTRAINT "CorpusFile_corpusId_fkey" FOREIGN KEY ("corpusId") REFERENCES "Corpus"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Document" ADD CONSTRAINT "Document_corpusId_fkey" FOREIGN KEY ("corpusId") REFERENCES "Corpus"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Run" ADD CONSTRAINT "Run_corpusId_fkey" FOREIGN KEY ("corpusId") REFERENCES "Corpus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Run" ADD CONSTRAINT "Run_presetId_fkey" FOREIGN KEY ("presetId") REFERENCES "Preset"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "RunTemplate" ADD CONSTRAINT "RunTemplate_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RunShard" ADD CONSTRAINT "RunShard_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SamplePair" ADD CONSTRAINT "SamplePair_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SamplePair" ADD CONSTRAINT "SamplePair_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Review" ADD CONSTRAINT "Review_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "SamplePair"("id") ON DELETE CASCADE ON UPDATE CASCADE;
