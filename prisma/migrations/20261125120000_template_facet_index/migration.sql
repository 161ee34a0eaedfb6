-- Browsing the template bank: the facet filter status + variableCount + source is one btree range, already in
-- "createdAt" order, so a filtered first page never has to intersect large bitmaps.
CREATE INDEX "Template_status_variableCount_sourceName_createdAt_id_idx" ON "Template"("status", "variableCount", "sourceName", "createdAt", "id");
