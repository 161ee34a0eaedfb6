// A real HTTP server on 127.0.0.1 (random port) that speaks the OpenAI protocol the way vLLM does: GET /v1/models,
// POST /v1/chat/completions, /v1/completions, /v1/embeddings, with OpenAI-shaped error bodies. Its "models" are
// deterministic stand-ins for the paper's checkpoints, derived from the request:
// - a bare query → genericizer JSON {"template", "compatible_document_description"} (names, numbers, years, quoted
//   text become <fi> variables);
// - {"instruction_template", "document"} → the instantiator: fills each variable from the document (null when one
//   cannot be filled) and answers with <excerpt>first words<...>last words</excerpt> markers over the sentences around
//   the first fill (ambiguous when the document repeats that passage: the double does not check uniqueness);
// - a Flow-Judge prompt → <feedback>…</feedback>\n<score>N</score> from the overlap of instruction and answer;
// - embeddings: 64-d feature-hashed bags of words (similar texts get similar vectors).
// Faults are scripted per request (500 then OK, 429 with Retry-After, slow, malformed JSON, dropped connection,
// empty choices, a fixed completion text). Used by the model backend's tests and usable as a dev server:
//   npx tsx server/pipeline/model/test-double.ts   (prints its base URL)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  | { type: "status"; status: number; message?: string }
  | { type: "429"; retryAfter?: string; retryAfterMs?: number }
  | { type: "slow"; delayMs: number }
  | { type: "malformed" }
  | { type: "drop" }
  | { type: "empty-choices" }
  /** Answer normally but with this completion text (chat or completions). */
  | { type: "content"; text: string; finishReason?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization?: string;
  at: number;
}

export interface TestDoubleOptions {
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Dimensions of the embeddings (default 64). */
  dims?: number;
  /** Prompts longer than this many characters get vLLM's 400 "maximum context length" error (≈ 4 characters a token). */
  maxPromptChars?: number;
}

export interface TestDouble {
  /** Base URL including /v1, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  port: number;
  models: string[];
  requests: RecordedRequest[];
  /** Faults applied, in order, to the next requests whose path ends with `path` (default: any path). */
  enqueue(...faults: (Fault & { path?: string })[]): void;
  /** Most requests in flight at once since start (or since resetStats). */
  maxInFlight: number;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEFAULT_MODELS = ["fi-genericizer", "fi-instantiator", "fi-judge", "fi-embed"];

export async function startTestDouble(opts: TestDoubleOptions = {}): Promise<TestDouble> {
  const models = opts.models ?? DEFAULT_MODELS;
  const dims = opts.dims ?? 64;
  const queue: (Fault & { path?: string })[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let counter = 0;

  const double: TestDouble = {
    url: "",
    port: 0,
    models,
    requests: [],
    maxInFlight: 0,
    enqueue: (...faults) => queue.push(...faults),
    resetStats: () => {
      double.maxInFlight = 0;
      double.requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const takeFault = (path: string): Fault | undefined => {
    const i = queue.findIndex((f) => !f.path || path.endsWith(f.path));
    return i >= 0 ? queue.splice(i, 1)[0] : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(res, 400, "request body is not valid JSON", "BadRequestError");
      }
    }
    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
    double.requests.push({ method: req.method ?? "GET", path, body, authorization: req.headers.authorization, at: Date.now() });

    const fault = takeFault(path);
    if (fault?.type === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.type === "slow") await delay(fault.delayMs, timers);
    if (res.destroyed) return;
    if (fault?.type === "status") return sendError(res, fault.status, fault.message ?? `simulated ${fault.status}`, fault.status >= 500 ? "InternalServerError" : "Error");
    if (fault?.type === "429") {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
      return sendError(res, 429, "rate limit exceeded", "RateLimitError", headers);
    }
    if (fault?.type === "malformed") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"id": "cmpl-1", "choices": [ {"message": ');
    }

    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return sendError(res, 401, "Incorrect API key provided", "AuthenticationError");

    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, { object: "list", data: models.map((id) => ({ id, object: "model", created: 1764000000, owned_by: "test-double" })) });
    }
    if (req.method !== "POST") return sendError(res, 404, `no route ${req.method} ${path}`, "NotFoundError");
    const b = (body ?? {}) as Record<string, unknown>;
    const model = b.model;
    if (typeof model !== "string") return sendError(res, 400, "field 'model' is required", "BadRequestError");
    if (!models.includes(model)) return sendError(res, 404, `The model \`${model}\` does not exist.`, "NotFoundError");
    const id = `cmpl-${++counter}`;

    if (path === "/v1/embeddings") {
      const input = typeof b.input === "string" ? [b.input] : b.input;
      if (!Array.isArray(input) || input.some((x) => typeof x !== "string")) return sendError(res, 400, "'input' must be a string or a list of strings", "BadRequestError");
      // Listed in reverse order with explicit indexes, as some servers do: clients must sort by index.
      const data = (input as string[]).map((t, index) => ({ object: "embedding", index, embedding: hashEmbedding(t, dims) })).reverse();
      return sendJson(res, { object: "list", model, data, usage: { prompt_tokens: 0, total_tokens: 0 } });
    }

    let prompt: string;
    if (path === "/v1/chat/completions") {
      const messages = b.messages;
      if (!Array.isArray(messages) || messages.length === 0) return sendError(res, 400, "'messages' must be a non-empty list", "BadRequestError");
      const last = [...messages].reverse().find((m) => (m as { role?: string }).role === "user") as { content?: unknown } | undefined;
      prompt = typeof last?.content === "string" ? last.content : "";
    } else if (path === "/v1/completions") {
      if (typeof b.prompt !== "string") return sendError(res, 400, "'prompt' must be a string", "BadRequestError");
      prompt = b.prompt;
    } else return sendError(res, 404, `no route POST ${path}`, "NotFoundError");

    if (b.stream === true) return sendError(res, 400, "the test double does not stream; send stream: false", "BadRequestError");
    if (opts.maxPromptChars !== undefined && prompt.length > opts.maxPromptChars) {
      const limit = Math.floor(opts.maxPromptChars / 4);
      return sendError(
        res,
        400,
        `This model's maximum context length is ${limit} tokens. However, you requested ${Math.ceil(prompt.length / 4)} tokens in the messages, Please reduce the length of the messages.`,
        "BadRequestError",
      );
    }
    let text = fault?.type === "content" ? fault.text : respond(prompt);
    let finish = fault?.type === "content" ? (fault.finishReason ?? "stop") : "stop";
    const maxTokens = typeof b.max_tokens === "number" ? b.max_tokens : undefined;
    if (maxTokens !== undefined && text.length > maxTokens * 4) {
      text = text.slice(0, maxTokens * 4);
      finish = "length";
    }
    const usage = { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: Math.ceil((prompt.length + text.length) / 4) };
    if (fault?.type === "empty-choices") return sendJson(res, { id, object: "chat.completion", model, choices: [], usage });
    if (path === "/v1/completions") return sendJson(res, { id, object: "text_completion", created: 1764000000, model, choices: [{ index: 0, text, finish_reason: finish }], usage });
    return sendJson(res, {
      id,
      object: "chat.completion",
      created: 1764000000,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finish }],
      usage,
    });
  };

  const server: Server = createServer((req, res) => {
    inFlight++;
    double.maxInFlight = Math.max(double.maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("close", finish);
    handle(req, res).catch((err) => {
      if (!res.headersSent && !res.destroyed) sendError(res, 500, `test double failed: ${(err as Error).message}`, "InternalServerError");
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  double.port = port;
  double.url = `http://127.0.0.1:${port}/v1`;
  return double;
}

function delay(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}

function sendJson(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  const s = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(s), ...headers });
  res.end(s);
}

/** vLLM's error shape: {"object":"error","message","type","param","code"}, wrapped OpenAI-style under "error". */
function sendError(res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}) {
  sendJson(res, { error: { object: "error", message, type, param: null, code: status } }, status, headers);
}

// ---------------------------------------------------------------------------------------------------------------
// The deterministic "models"

/** Routes a prompt to the stand-in for the model that would receive it. */
export function respond(prompt: string): string {
  if (/<scoring_rubric>/.test(prompt) && /<output>/.test(prompt)) return fakeJudge(prompt);
  const payload = findInstantiateInput(prompt);
  if (payload) return fakeInstantiate(payload.instruction_template, payload.document);
  return fakeGenericize(prompt.trim());
}

function findInstantiateInput(prompt: string): { instruction_template: string; document: string } | null {
  const at = prompt.indexOf('{"instruction_template"');
  if (at < 0) return null;
  for (let end = prompt.lastIndexOf("}"); end > at; end = prompt.lastIndexOf("}", end - 1)) {
    try {
      const j = JSON.parse(prompt.slice(at, end + 1)) as Record<string, unknown>;
      if (typeof j.instruction_template === "string" && typeof j.document === "string") return { instruction_template: j.instruction_template, document: j.document };
    } catch {
      /* try a shorter slice */
    }
  }
  return null;
}

const YEAR = /\b(1[5-9]\d\d|20\d\d)\b/;
const NUMBER = /\b\d+(?:[.,]\d+)?\b/;
const QUOTED = /"([^"]{2,60})"/;
const CAPRUN = /\b[A-Z][a-z]+(?:(?:\s+(?:of|the|de|van|von))?\s+[A-Z][a-z]+)*\b|\b[A-Z]{2,}\b/g;
const SENTENCE_START_WORDS = new Set(["What", "Who", "When", "Where", "Why", "How", "Which", "Is", "Are", "Do", "Does", "Did", "Can", "Could", "Give", "Tell", "Explain", "List", "Compare", "The", "A", "An", "In", "I", "My", "Please", "Write", "Should", "Would"]);

/** Capitalised runs ("Treaty of Versailles", "NASA"), without a leading question word or article. */
function capRuns(text: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  for (const m of text.matchAll(new RegExp(CAPRUN.source, "g"))) {
    let at = m.index!;
    let t = m[0];
    const first = t.split(/\s+/)[0];
    if (SENTENCE_START_WORDS.has(first)) {
      const rest = t.slice(first.length).trimStart();
      if (!rest) continue;
      at += t.length - rest.length;
      t = rest;
    }
    out.push({ text: t, at });
  }
  return out;
}

/** Genericizer stand-in: quoted text, years, numbers and capitalised runs become variables. */
function fakeGenericize(query: string): string {
  if (!query) return "null";
  type Hit = { start: number; end: number; description: string };
  const hits: Hit[] = [];
  const add = (start: number, end: number, description: string) => {
    if (hits.some((h) => start < h.end && end > h.start)) return;
    hits.push({ start, end, description });
  };
  let m: RegExpExecArray | null;
  const q = new RegExp(QUOTED.source, "g");
  while ((m = q.exec(query))) add(m.index, m.index + m[0].length, "a quoted title or phrase");
  const y = new RegExp(YEAR.source, "g");
  while ((m = y.exec(query))) add(m.index, m.index + m[0].length, "a year");
  const n = new RegExp(NUMBER.source, "g");
  while ((m = n.exec(query))) add(m.index, m.index + m[0].length, "a number");
  for (const r of capRuns(query)) add(r.at, r.at + r.text.length, "name of a specific entity");
  if (hits.length === 0) return JSON.stringify({ template: query, compatible_document_description: "Any document." });
  hits.sort((a, b) => a.start - b.start);
  let template = "";
  let last = 0;
  for (const h of hits) {
    template += query.slice(last, h.start) + `<fi>${h.description}</fi>`;
    last = h.end;
  }
  template += query.slice(last);
  const kinds = [...new Set(hits.map((h) => h.description))].join("; ");
  return JSON.stringify({
    template,
    compatible_document_description: `A document about a specific subject (${kinds}) with enough detail to answer the question about it.`,
  });
}

/** Instantiator stand-in. */
function fakeInstantiate(template: string, document: string): string {
  const vars = [...template.matchAll(/<fi>([\s\S]*?)<\/fi>/g)].map((v) => v[1].trim());
  const fills = new Map<string, { text: string; at: number }>();
  const used = new Set<string>();
  for (const d of vars) {
    if (fills.has(d)) continue;
    const f = findFill(d, document, used);
    if (!f) return "null";
    used.add(f.text);
    fills.set(d, f);
  }
  const instruction = template.replace(/<fi>([\s\S]*?)<\/fi>/g, (_, d: string) => fills.get(d.trim())!.text);
  const anchor = fills.size ? Math.min(...[...fills.values()].map((f) => f.at)) : 0;
  // The sentence holding the first fill and the next one.
  const sentences = [...document.matchAll(/[^.!?]+[.!?]+/g)].map((s) => ({ start: s.index!, end: s.index! + s[0].length }));
  if (sentences.length === 0) return "null";
  let i = sentences.findIndex((s) => anchor >= s.start && anchor < s.end);
  if (i < 0) i = 0;
  const span = document.slice(sentences[i].start, sentences[Math.min(i + 1, sentences.length - 1)].end).trim();
  const words = span.split(/\s+/);
  const marker = words.length > 10 ? `<excerpt>${words.slice(0, 4).join(" ")}<...>${words.slice(-4).join(" ")}</excerpt>` : `<excerpt>${span}</excerpt>`;
  return JSON.stringify({ instruction, answer: words.length >= 12 ? `In short: ${marker}` : marker });
}

function findFill(description: string, doc: string, used: Set<string>): { text: string; at: number } | null {
  const d = description.toLowerCase();
  const first = (re: RegExp): { text: string; at: number } | null => {
    for (const m of doc.matchAll(new RegExp(re.source, "g"))) if (!used.has(m[0])) return { text: m[0], at: m.index! };
    return null;
  };
  if (/\byear\b/.test(d)) return first(YEAR);
  if (/\b(number|count|how many|amount|quantity)\b/.test(d)) return first(NUMBER);
  if (/\bquoted\b/.test(d)) {
    const m = QUOTED.exec(doc);
    return m ? { text: m[0], at: m.index } : null;
  }
  // Names: a capitalised run that does not open a sentence, else any.
  const runs = capRuns(doc).filter((r) => !used.has(r.text));
  const inner = runs.find((r) => r.at > 0 && !/[.!?]\s*$/.test(doc.slice(Math.max(0, r.at - 3), r.at)));
  const pick = inner ?? runs[0];
  if (pick) return pick;
  // A long lowercase word for "a concept"-like descriptions.
  if (/\b(concept|topic|thing|subject|activity|action)\b/.test(d)) return first(/\b[a-z]{8,}\b/);
  return null;
}

/** Judge stand-in: content-word overlap of instruction and answer → 1..5, in Flow Judge's output format. */
function fakeJudge(prompt: string): string {
  const instruction = /<user_instruction>\s*([\s\S]*?)\s*<\/user_instruction>/.exec(prompt)?.[1] ?? /<inputs>\s*([\s\S]*?)\s*<\/inputs>/.exec(prompt)?.[1] ?? "";
  const output = /# OUTPUT[\s\S]*?<output>\s*([\s\S]*?)\s*<\/output>/.exec(prompt)?.[1] ?? "";
  const words = (s: string) => (s.toLowerCase().match(/[a-z0-9]{4,}/g) ?? []).filter((w) => !STOP.has(w));
  const iw = new Set(words(instruction));
  const ow = words(output);
  const ows = new Set(ow);
  const overlap = iw.size ? [...iw].filter((w) => ows.has(w)).length / iw.size : 0;
  const repetition = ow.length ? 1 - ows.size / ow.length : 0;
  let score = ow.length === 0 ? 1 : 1 + Math.round(overlap * 4);
  if (repetition > 0.5) score = Math.max(1, score - 2);
  score = Math.min(5, Math.max(1, score));
  const feedback =
    score >= 4
      ? `The response addresses the instruction directly; ${Math.round(overlap * 100)}% of the instruction's key terms are covered.`
      : score >= 2
        ? `The response is related to the instruction but covers only ${Math.round(overlap * 100)}% of its key terms.`
        : "The response does not address the instruction.";
  return `<feedback>\n${feedback}\n</feedback>\n<score>\n${score}\n</score>`;
}

const STOP = new Set(["what", "when", "where", "which", "that", "this", "with", "from", "have", "does", "about", "there", "their", "would", "could", "should", "into", "your", "tell", "give", "please", "explain"]);

/** A deterministic embedding: words hashed into `dims` buckets with signs (feature hashing). */
export function hashEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
    const idx = (h >>> 0) % dims;
    v[idx] += (h & 0x10000) === 0 ? 1 : -1;
  }
  if (!v.some((x) => x !== 0)) v[0] = 1;
  // Not normalised on purpose: clients must normalise.
  return v.map((x) => x * 3);
}

// Run as a dev server: `npx tsx server/pipeline/model/test-double.ts` (random port, printed).
if (import.meta.url === `file://${process.argv[1]}`) {
  startTestDouble().then((d) => {
    console.log(`OpenAI-compatible test double at ${d.url} serving ${d.models.join(", ")}`);
  });
}
