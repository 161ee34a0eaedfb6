// Audit: the runs' stratified pair samples as a review queue, verdicts, and verdict statistics per template.
import { Prisma, type PrismaClient } from "../db/generated/client";
import type { JudgeResult } from "../pipeline/types";

export type QueueStatus = "unreviewed" | "reviewed" | "all";
export type Verdict = "accept" | "reject" | "flag";

export interface QueueItem {
  id: number;
  runId: number;
  instruction: string;
  judgeScore: number;
  variableCount: number;
  documentTitle: string;
  templateId: string;
  verdict: Verdict | null;
}

/** Runs that have a sample to review, newest first, with how much of it has a verdict. */
export async function auditRuns(prisma: PrismaClient) {
  const runs = await prisma.run.findMany({
    where: { samplePairs: { some: {} } },
    orderBy: { id: "desc" },
    take: 200,
    select: { id: true, name: true, status: true, _count: { select: { samplePairs: true } } },
  });
  const reviewed = await prisma.$queryRaw<{ runId: number; n: bigint }[]>`
    SELECT p."runId", count(DISTINCT p.id) AS n FROM "SamplePair" p JOIN "Review" r ON r."pairId" = p.id GROUP BY p."runId"`;
  const byRun = new Map(reviewed.map((r) => [r.runId, Number(r.n)]));
  return runs.map((r) => ({ id: r.id, name: r.name, status: r.status, pairs: r._count.samplePairs, reviewed: byRun.get(r.id) ?? 0 }));
}

/**
 * The queue, stratified: pairs are dealt round-robin over strata of (judge score, variable count 1..4+), each stratum
 * in a fixed pseudo-random order, so the first pages already show every kind of pair, rare strata included.
 */
export async function auditQueue(prisma: PrismaClient, opts: { runId?: number; status: QueueStatus; offset: number; limit: number }) {
  const where: Prisma.Sql[] = [];
  if (opts.runId !== undefined) where.push(Prisma.sql`p."runId" = ${opts.runId}`);
  if (opts.status === "unreviewed") where.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."pairId" = p.id)`);
  if (opts.status === "reviewed") where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Review" r WHERE r."pairId" = p.id)`);
  const cond = where.length ? Prisma.join(where, " AND ") : Prisma.sql`TRUE`;
  const rows = await prisma.$queryRaw<(Omit<QueueItem, "verdict"> & { verdict: Verdict | null; total: bigint })[]>`
    WITH q AS (
      SELECT p.id, p."runId", p.instruction, p."judgeScore", p."variableCount", p."documentTitle", p."templateId",
             row_number() OVER (PARTITION BY p."judgeScore", LEAST(p."variableCount", 4) ORDER BY (p.id::bigint * 2654435761) % 4294967296, p.id) AS rnk
        FROM "SamplePair" p
       WHERE ${cond})
    SELECT q.id, q."runId", q.instruction, q."judgeScore", q."variableCount", q."documentTitle", q."templateId",
           (SELECT r.verdict::text FROM "Review" r WHERE r."pairId" = q.id ORDER BY r.id DESC LIMIT 1) AS verdict,
           count(*) OVER () AS total
      FROM q
     ORDER BY q.rnk, q."judgeScore", LEAST(q."variableCount", 4), q.id
     OFFSET ${opts.offset} LIMIT ${opts.limit}`;
  const total = rows.length ? Number(rows[0].total) : opts.offset === 0 ? 0 : null;
  const items: QueueItem[] = rows.map((r) => ({ id: r.id, runId: r.runId, instruction: r.instruction, judgeScore: r.judgeScore, variableCount: r.variableCount, documentTitle: r.documentTitle, templateId: r.templateId, verdict: r.verdict }));
  return { items, total, nextOffset: rows.length === opts.limit ? opts.offset + opts.limit : null };
}

/** One pair with its document, the answer's excerpt ranges in it, the pinned template version and its reviews. */
export async function auditPair(prisma: PrismaClient, id: number) {
  const p = await prisma.samplePair.findUnique({
    where: { id },
    select: {
      id: true,
      runId: true,
      documentId: true,
      documentTitle: true,
      documentText: true,
      templateId: true,
      templateVersion: true,
      instruction: true,
      answer: true,
      excerpts: true,
      excerptRatio: true,
      viewK: true,
      matchScore: true,
      judgeScore: true,
      judgeReasons: true,
      variableCount: true,
      tokenCount: true,
      template: { select: { status: true, currentVersion: true } },
      reviews: { orderBy: { id: "desc" }, select: { id: true, verdict: true, note: true, reviewer: true, createdAt: true } },
    },
  });
  if (!p) return null;
  const version = await prisma.templateVersion.findUnique({ where: { templateId_version: { templateId: p.templateId, version: p.templateVersion } }, select: { text: true } });
  return {
    ...p,
    templateText: version?.text ?? "",
    excerpts: p.excerpts as unknown as { start: number; end: number }[],
    judgeReasons: p.judgeReasons as unknown as JudgeResult["reasons"],
  };
}

export async function reviewPair(prisma: PrismaClient, input: { pairId: number; verdict: Verdict; note: string; reviewer: string }) {
  return prisma.review.create({ data: input, select: { id: true, pairId: true, verdict: true, note: true, reviewer: true, createdAt: true } });
}

/** Per template, the latest verdict of each reviewed pair: counts and the reject rate, worst first. */
export async function templateVerdicts(prisma: PrismaClient, opts: { runId?: number; limit: number }) {
  const cond = opts.runId !== undefined ? Prisma.sql`p."runId" = ${opts.runId}` : Prisma.sql`TRUE`;
  const rows = await prisma.$queryRaw<{ templateId: string; text: string; status: string; accept: bigint; reject: bigint; flag: bigint }[]>`
    WITH latest AS (
      SELECT DISTINCT ON (r."pairId") r."pairId", r.verdict FROM "Review" r ORDER BY r."pairId", r.id DESC)
    SELECT p."templateId", t.text, t.status::text AS status,
           count(*) FILTER (WHERE l.verdict = 'accept') AS accept,
           count(*) FILTER (WHERE l.verdict = 'reject') AS reject,
           count(*) FILTER (WHERE l.verdict = 'flag') AS flag
      FROM latest l JOIN "SamplePair" p ON p.id = l."pairId" JOIN "Template" t ON t.id = p."templateId"
     WHERE ${cond}
     GROUP BY p."templateId", t.text, t.status
     ORDER BY count(*) FILTER (WHERE l.verdict = 'reject') DESC, count(*) DESC, p."templateId"
     LIMIT ${opts.limit}`;
  return rows.map((r) => {
    const accept = Number(r.accept);
    const reject = Number(r.reject);
    const flag = Number(r.flag);
    const reviewed = accept + reject + flag;
    return { templateId: r.templateId, text: r.text, status: r.status, accept, reject, flag, reviewed, rejectRate: reviewed ? reject / reviewed : 0 };
  });
}
