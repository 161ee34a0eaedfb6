-- How many source queries a template stands for (its own and the near-duplicates merged into it): the matcher's
-- support prior, and a sort of the template bank ("most asked").
ALTER TABLE "Template" ADD COLUMN "support" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Template" ADD CONSTRAINT "Template_support_positive" CHECK ("support" >= 1);
CREATE INDEX "Template_support_id_idx" ON "Template"("support", "id");
