-- Banks made before review tags: tag the templates with a variable the engine could describe only by its fallback
-- ("a thing or concept", "a name", numbered or not) check:vague-description, as genericize and imports now do
-- (server/pipeline/review.ts), and count the tag in FacetCount.
WITH tagged AS (
  UPDATE "Template" t
     SET tags = (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(t.tags || ARRAY['check:vague-description']) x)
   WHERE NOT ('check:vague-description' = ANY(t.tags))
     AND EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.variables) = 'array' THEN t.variables ELSE '[]'::jsonb END) v
                  WHERE regexp_replace(v->>'description', '\s+#[0-9]+$', '') IN ('a thing or concept', 'a name'))
  RETURNING 1
)
INSERT INTO "FacetCount" (entity, facet, value, count, "updatedAt")
SELECT 'template', 'tag', 'check:vague-description', count(*), now() FROM tagged HAVING count(*) > 0
ON CONFLICT (entity, facet, value) DO UPDATE SET count = "FacetCount".count + EXCLUDED.count, "updatedAt" = now();
