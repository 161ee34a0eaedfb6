-- Databases genericized before "support" recorded a merged query only in its reason, "duplicate: <how> of <template id>
-- (similarity <s>)". Link those queries to their template, mark them merged, and count them in the template's support.
-- (A separate migration: a new enum value can be used only after the transaction that added it has committed.)
UPDATE "Query" q
   SET "mergedIntoId" = t.id, status = 'merged'
  FROM "Template" t
 WHERE q.status = 'rejected'
   AND q."mergedIntoId" IS NULL
   AND t.id = substring(q."rejectReason" from '^duplicate: [a-z-]+ of (.+) \(similarity [0-9.]+\)$');

UPDATE "Template" t
   SET support = 1 + m.n
  FROM (SELECT "mergedIntoId" AS id, count(*)::int AS n FROM "Query" WHERE "mergedIntoId" IS NOT NULL GROUP BY 1) m
 WHERE t.id = m.id;
