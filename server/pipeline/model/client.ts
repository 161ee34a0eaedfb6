// A small OpenAI-compatible HTTP client on Node's built-in fetch. Works with vLLM, llama.cpp server, Ollama, TGI and
// OpenAI: /v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings. No SDK: the surface we need is four
// POST/GET calls, and owning them lets every failure name the server URL and what went wrong.

export type ModelErrorKind =
  | "unreachable" // connection refused, DNS failure: the server is not there
  | "connection-reset" // the server closed the connection mid-request
  | "timeout" // no complete response within timeoutMs
  | "aborted" // the caller's AbortSignal fired
  | "http" // a non-2xx status
  | "bad-json" // a 2xx body that is not JSON
  | "bad-response"; // JSON, but not the shape the endpoint promises (empty choices, missing fields)

/** Every failure of the client: `message` names the URL and what failed; `kind` is for code. */
export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly url: string;
  readonly status?: number;
  /** Attempts made (1 + retries) before giving up. */
  readonly attempts: number;
  readonly retryable: boolean;
  constructor(kind: ModelErrorKind, url: string, message: string, opts: { status?: number; attempts?: number; retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "ModelError";
    this.kind = kind;
    this.url = url;
    this.status = opts.status;
    this.attempts = opts.attempts ?? 1;
    this.retryable = opts.retryable ?? false;
  }
  withAttempts(attempts: number): ModelError {
    const e = new ModelError(this.kind, this.url, this.message, { status: this.status, attempts, retryable: this.retryable, cause: this.cause });
    return e;
  }
}

export interface ModelClientOptions {
  /** e.g. http://127.0.0.1:8000/v1 (a bare host gets /v1 appended). */
  baseUrl: string;
  apiKey?: string;
  /** Per attempt. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and connection resets. Default 3. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry (with ±25% jitter). Default 500. */
  retryBaseMs?: number;
  /** Ceiling on any single wait, including a server's Retry-After. Default 30 000. */
  maxRetryDelayMs?: number;
  /** Requests in flight at once from this client. Default 4. */
  concurrency?: number;
  /** Retry when an attempt times out (off by default: an overloaded server rarely gets faster). */
  retryOnTimeout?: boolean;
  /** Extra headers on every request (e.g. OpenAI-Organization). */
  headers?: Record<string, string>;
}

export type ChatRole = "system" | "user" | "assistant";
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface GenerationParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  /** e.g. { type: "json_object" } where the server supports it. */
  response_format?: { type: string; [k: string]: unknown };
  /** Anything else the server understands (vLLM's `guided_json`, Ollama's `options` ...), merged into the body. */
  extra?: Record<string, unknown>;
}

export interface ChatRequest extends GenerationParams {
  model: string;
  messages: ChatMessage[];
}

export interface CompletionRequest extends GenerationParams {
  model: string;
  prompt: string;
}

export interface GenerationResult {
  text: string;
  /** "stop", "length" (cut by max_tokens) ... as the server reports it; null when absent. */
  finishReason: string | null;
  model: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  /** Attempts the call took (1 = no retry). */
  attempts: number;
}

export interface EmbeddingResult {
  vectors: number[][];
  model: string;
  attempts: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
}

/** Normalises a base URL: trims slashes and a pasted endpoint suffix; no path (or "/") gets "/v1"; any other path is kept. */
export function normalizeBaseUrl(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl.trim());
  } catch {
    throw new ModelError("unreachable", baseUrl, `invalid model server URL "${baseUrl}" (expected e.g. http://127.0.0.1:8000/v1)`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new ModelError("unreachable", baseUrl, `invalid model server URL "${baseUrl}": only http and https are supported`);
  // A pasted endpoint URL (…/v1/chat/completions) is cut back to its base.
  let path = u.pathname.replace(/\/+$/, "").replace(/\/(?:chat\/completions|completions|embeddings|models)$/, "");
  if (path === "") path = "/v1";
  return `${u.protocol}//${u.host}${path}`;
}

/** A counting semaphore: at most `limit` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`concurrency must be at least 1, got ${limit}`);
  }
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve)); // the releaser hands its slot over
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
  get inFlight(): number {
    return this.active;
  }
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"]);
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

function errorCode(err: unknown): string | undefined {
  // undici wraps the socket error: TypeError("fetch failed", { cause: { code } }), sometimes nested once more.
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorDetail(err: unknown): string {
  let e: unknown = err;
  let msg = "";
  for (let i = 0; i < 4 && e; i++) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === "string" && m && m !== "fetch failed") msg = m;
    e = (e as { cause?: unknown }).cause;
  }
  return msg || String(err);
}

/** Pulls a human message out of the error bodies of OpenAI, vLLM, llama.cpp, Ollama and TGI. */
export function serverErrorMessage(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const e = j.error;
    if (typeof e === "string") return e;
    if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
    if (typeof j.message === "string") return j.message;
    if (typeof j.detail === "string") return j.detail;
  } catch {
    /* not JSON */
  }
  const t = body.replace(/\s+/g, " ").trim();
  return t ? t.slice(0, 300) : "(empty body)";
}

/** Milliseconds a 429/503 asks us to wait: `retry-after-ms`, `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get("retry-after");
  if (!ra) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const t = Date.parse(ra);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class ModelClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  private readonly apiKey?: string;
  private readonly retryBaseMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly retryOnTimeout: boolean;
  private readonly headers: Record<string, string>;
  private readonly sem: Semaphore;

  constructor(opts: ModelClientOptions) {
    this.baseUrl = normalizeBaseUrl(opts.baseUrl);
    this.apiKey = opts.apiKey || undefined;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.maxRetries = Math.max(0, opts.maxRetries ?? 3);
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 30_000;
    this.retryOnTimeout = opts.retryOnTimeout ?? false;
    this.headers = opts.headers ?? {};
    this.sem = new Semaphore(opts.concurrency ?? 4);
  }

  /** Requests currently holding a concurrency slot. */
  get inFlight(): number {
    return this.sem.inFlight;
  }

  /** GET /models: the ids the server serves. */
  async listModels(opts: CallOptions = {}): Promise<string[]> {
    const { json, url } = await this.request("GET", "/models", undefined, opts);
    const data = (json as { data?: unknown }).data ?? (json as { models?: unknown }).models;
    if (!Array.isArray(data)) throw new ModelError("bad-response", url, `unexpected response from ${url}: no "data" list of models`);
    return data
      .map((m) => (typeof m === "string" ? m : ((m as { id?: unknown; name?: unknown; model?: unknown }).id ?? (m as { name?: unknown }).name ?? (m as { model?: unknown }).model)))
      .filter((id): id is string => typeof id === "string");
  }

  async chat(req: ChatRequest, opts: CallOptions = {}): Promise<GenerationResult> {
    const { extra, ...rest } = req;
    const body = { ...stripUndefined(rest), ...(extra ?? {}), stream: false };
    const { json, url, attempts } = await this.request("POST", "/chat/completions", body, opts);
    const choice = firstChoice(json, url);
    const msg = (choice as { message?: { content?: unknown } }).message;
    let text: unknown = msg?.content;
    // A few servers return content as a list of parts.
    if (Array.isArray(text)) text = text.map((p) => (typeof p === "string" ? p : ((p as { text?: string }).text ?? ""))).join("");
    if (typeof text !== "string")
      throw new ModelError("bad-response", url, `unexpected response from ${url}: choices[0].message.content is ${text === null ? "null" : typeof text}`);
    return result(json, choice, text, req.model, attempts);
  }

  async complete(req: CompletionRequest, opts: CallOptions = {}): Promise<GenerationResult> {
    const { extra, ...rest } = req;
    const body = { ...stripUndefined(rest), ...(extra ?? {}), stream: false };
    const { json, url, attempts } = await this.request("POST", "/completions", body, opts);
    const choice = firstChoice(json, url);
    const text = (choice as { text?: unknown }).text;
    if (typeof text !== "string") throw new ModelError("bad-response", url, `unexpected response from ${url}: choices[0].text is ${typeof text}`);
    return result(json, choice, text, req.model, attempts);
  }

  /** POST /embeddings for a batch; vectors come back in input order whatever order the server lists them in. */
  async embed(model: string, input: string[], opts: CallOptions = {}): Promise<EmbeddingResult> {
    if (input.length === 0) return { vectors: [], model, attempts: 0 };
    const { json, url, attempts } = await this.request("POST", "/embeddings", { model, input, encoding_format: "float" }, opts);
    const data = (json as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new ModelError("bad-response", url, `unexpected response from ${url}: no "data" list`);
    if (data.length !== input.length)
      throw new ModelError("bad-response", url, `unexpected response from ${url}: ${data.length} embeddings for ${input.length} inputs`);
    const vectors: number[][] = new Array(input.length);
    data.forEach((d, i) => {
      const idx = typeof (d as { index?: unknown }).index === "number" ? (d as { index: number }).index : i;
      const raw = (d as { embedding?: unknown }).embedding;
      const v = typeof raw === "string" ? decodeBase64Floats(raw) : raw;
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "number" && Number.isFinite(x)))
        throw new ModelError("bad-response", url, `unexpected response from ${url}: embedding ${idx} is not a list of numbers`);
      if (idx < 0 || idx >= input.length || vectors[idx]) throw new ModelError("bad-response", url, `unexpected response from ${url}: bad embedding index ${idx}`);
      vectors[idx] = v;
    });
    const dims = vectors[0].length;
    if (vectors.some((v) => v.length !== dims)) throw new ModelError("bad-response", url, `unexpected response from ${url}: embeddings of different lengths`);
    return { vectors, model: typeof (json as { model?: unknown }).model === "string" ? (json as { model: string }).model : model, attempts };
  }

  /** One call with the concurrency slot held across its retries (so a 429 storm does not grow the load). */
  private async request(method: "GET" | "POST", path: string, body: unknown, opts: CallOptions): Promise<{ json: unknown; url: string; attempts: number }> {
    const url = this.baseUrl + path;
    const release = await this.sem.acquire();
    try {
      for (let attempt = 1; ; attempt++) {
        let waitHint: number | undefined;
        try {
          const json = await this.attempt(method, url, body, opts, (ms) => (waitHint = ms));
          return { json, url, attempts: attempt };
        } catch (err) {
          if (!(err instanceof ModelError)) throw err;
          const retry = err.retryable && (err.kind !== "timeout" || this.retryOnTimeout) && attempt <= this.maxRetries;
          if (!retry) throw err.withAttempts(attempt);
          const backoff = this.retryBaseMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
          await sleep(Math.min(this.maxRetryDelayMs, waitHint ?? backoff), opts.signal).catch(() => {
            throw new ModelError("aborted", url, `request to ${url} aborted by the caller`, { attempts: attempt });
          });
        }
      }
    } finally {
      release();
    }
  }

  private async attempt(method: string, url: string, body: unknown, opts: CallOptions, hint: (ms: number | undefined) => void): Promise<unknown> {
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    const headers: Record<string, string> = { accept: "application/json", ...this.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    const failed = (err: unknown): ModelError => {
      if (opts.signal?.aborted) return new ModelError("aborted", url, `request to ${url} aborted by the caller`, { cause: err });
      if (timeout.aborted) return new ModelError("timeout", url, `timed out after ${timeoutMs} ms waiting for ${url}`, { retryable: true, cause: err });
      const code = errorCode(err);
      if (code && UNREACHABLE_CODES.has(code)) return new ModelError("unreachable", url, `cannot reach ${this.baseUrl}: ${code}`, { cause: err });
      if (code && RESET_CODES.has(code))
        return new ModelError("connection-reset", url, `connection reset by ${url}: ${errorDetail(err)}`, { retryable: true, cause: err });
      return new ModelError("unreachable", url, `cannot reach ${this.baseUrl}: ${code ?? errorDetail(err)}`, { cause: err });
    };
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
      text = await res.text();
    } catch (err) {
      throw failed(err);
    }
    if (!res.ok) {
      hint(res.status === 429 || res.status === 503 ? retryAfterMs(res.headers) : undefined);
      const detail = serverErrorMessage(text);
      const hintAuth = res.status === 401 || res.status === 403 ? " (check FISTUDIO_MODEL_API_KEY)" : "";
      throw new ModelError("http", url, `HTTP ${res.status} from ${url}: ${detail}${hintAuth}`, { status: res.status, retryable: RETRYABLE_STATUS.has(res.status) });
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      const snippet = text.replace(/\s+/g, " ").trim().slice(0, 120);
      throw new ModelError("bad-json", url, `response is not JSON from ${url}: ${snippet ? `"${snippet}"` : "(empty body)"}`, { status: res.status, cause: err });
    }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function firstChoice(json: unknown, url: string): Record<string, unknown> {
  const choices = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) throw new ModelError("bad-response", url, `unexpected response from ${url}: no "choices" list`);
  if (choices.length === 0) throw new ModelError("bad-response", url, `empty choices in the response from ${url}`);
  const c = choices[0];
  if (!c || typeof c !== "object") throw new ModelError("bad-response", url, `unexpected response from ${url}: choices[0] is not an object`);
  return c as Record<string, unknown>;
}

function result(json: unknown, choice: Record<string, unknown>, text: string, model: string, attempts: number): GenerationResult {
  const fr = choice.finish_reason;
  const usage = (json as { usage?: GenerationResult["usage"] }).usage;
  const served = (json as { model?: unknown }).model;
  return { text, finishReason: typeof fr === "string" ? fr : null, model: typeof served === "string" ? served : model, usage, attempts };
}

function decodeBase64Floats(s: string): number[] | undefined {
  try {
    const buf = Buffer.from(s, "base64");
    if (buf.length % 4 !== 0) return undefined;
    return Array.from(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)));
  } catch {
    return undefined;
  }
}
