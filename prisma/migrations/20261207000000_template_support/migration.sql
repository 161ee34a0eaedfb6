-- How many source queries a template stands for (its own and the near-duplicates merged into it): the matcher's
-- support prior, and a sort of the template bank ("most asked").
ALTER TABLE "Template" ADD COLUMN "support" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Template" ADD CONSTRAINT "Template_support_positive" CHECK ("support" >= 1);
CREATE INDEX "Template_support_id_idx" ON "Template"("support", "id");

-- The template a query's own template was merged into (its duplicate): the queries behind a template's support.
ALTER TABLE "Query" ADD COLUMN "mergedIntoId" TEXT;
ALTER TABLE "Query" ADD CONSTRAINT "Query_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Template"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Query_mergedIntoId_idx" ON "Query"("mergedIntoId");

-- A query whose template duplicated one in the bank is "merged" (it counts in that template's support), not rejected.
ALTER TYPE "QueryStatus" ADD VALUE 'merged';
