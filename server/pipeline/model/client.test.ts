// The HTTP client against the OpenAI-compatible test double over loopback: success paths, retries, timeouts, errors.
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelClient, ModelError, normalizeBaseUrl, retryAfterMs, serverErrorMessage } from "./client";
import { startTestDouble, type TestDouble } from "./test-double";

let d: TestDouble;
beforeAll(async () => {
  d = await startTestDouble();
});
afterAll(async () => {
  await d.close();
});
beforeEach(() => d.resetStats());

const client = (o: Partial<ConstructorParameters<typeof ModelClient>[0]> = {}) =>
  new ModelClient({ baseUrl: d.url, timeoutMs: 5000, retryBaseMs: 10, maxRetries: 3, ...o });

async function rejection(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error("expected the call to fail");
}

/** A port nobody listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("ModelClient success paths", () => {
  it("lists the served models", async () => {
    expect(await client().listModels()).toEqual(["fi-genericizer", "fi-instantiator", "fi-judge", "fi-embed"]);
  });

  it("chat/completions returns the assistant text, finish reason and usage", async () => {
    const r = await client().chat({ model: "fi-genericizer", messages: [{ role: "user", content: "What effects does Diabetes have on the Kidneys?" }] });
    expect(JSON.parse(r.text).template).toContain("<fi>");
    expect(r.finishReason).toBe("stop");
    expect(r.attempts).toBe(1);
    expect(r.usage?.completion_tokens).toBeGreaterThan(0);
    const sent = d.requests[0];
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.body).toMatchObject({ model: "fi-genericizer", stream: false });
  });

  it("completions returns choices[0].text", async () => {
    const r = await client().complete({ model: "fi-genericizer", prompt: "Who founded Microsoft in 1975?" });
    expect(r.text).toContain("<fi>a year</fi>");
    expect(d.requests[0].path).toBe("/v1/completions");
  });

  it("embeddings come back in input order even when the server lists them reversed", async () => {
    const r = await client().embed("fi-embed", ["alpha beta", "gamma delta", "alpha beta"]);
    expect(r.vectors).toHaveLength(3);
    expect(r.vectors[0]).toEqual(r.vectors[2]);
    expect(r.vectors[0]).not.toEqual(r.vectors[1]);
    expect(d.requests[0].body).toMatchObject({ encoding_format: "float" });
  });

  it("sends the API key as a bearer token, and a 401 names the setting to check", async () => {
    const secured = await startTestDouble({ apiKey: "sk-test" });
    try {
      const ok = new ModelClient({ baseUrl: secured.url, apiKey: "sk-test", retryBaseMs: 10 });
      expect(await ok.listModels()).toContain("fi-judge");
      expect(secured.requests[0].authorization).toBe("Bearer sk-test");
      const e = await rejection(new ModelClient({ baseUrl: secured.url, retryBaseMs: 10 }).listModels());
      expect(e.status).toBe(401);
      expect(e.message).toContain(`HTTP 401 from ${secured.url}/models`);
      expect(e.message).toContain("FISTUDIO_MODEL_API_KEY");
      expect(e.attempts).toBe(1); // 401 is not retried
    } finally {
      await secured.close();
    }
  });
});

describe("ModelClient retries", () => {
  it("retries a 500 and then succeeds", async () => {
    d.enqueue({ type: "status", status: 500, path: "/chat/completions" });
    const r = await client().chat({ model: "fi-judge", messages: [{ role: "user", content: "Hello there Paris" }] });
    expect(r.attempts).toBe(2);
    expect(d.requests.filter((q) => q.path === "/v1/chat/completions")).toHaveLength(2);
  });

  it("honours Retry-After on 429 (seconds) before retrying", async () => {
    d.enqueue({ type: "429", retryAfter: "1" });
    const r = await client({ retryBaseMs: 5 }).listModels();
    const waited = d.requests[1].at - d.requests[0].at;
    expect(r).toContain("fi-embed");
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it("honours retry-after-ms too", async () => {
    d.enqueue({ type: "429", retryAfterMs: 300 });
    await client({ retryBaseMs: 5 }).listModels();
    expect(d.requests[1].at - d.requests[0].at).toBeGreaterThanOrEqual(280);
  });

  it("gives up after maxRetries with the last HTTP error", async () => {
    for (let i = 0; i < 3; i++) d.enqueue({ type: "status", status: 503, message: "engine overloaded" });
    const e = await rejection(client({ maxRetries: 2 }).listModels());
    expect(e.kind).toBe("http");
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(3);
    expect(e.message).toBe(`HTTP 503 from ${d.url}/models: engine overloaded`);
    expect(d.requests).toHaveLength(3);
  });

  it("does not retry a 404 and says which model is missing", async () => {
    const e = await rejection(client().chat({ model: "x", messages: [{ role: "user", content: "hi" }] }));
    expect(e.status).toBe(404);
    expect(e.attempts).toBe(1);
    expect(e.message).toBe(`HTTP 404 from ${d.url}/chat/completions: The model \`x\` does not exist.`);
  });

  it("retries a dropped connection (reset) and then succeeds", async () => {
    d.enqueue({ type: "drop" });
    const r = await client().listModels();
    expect(r).toHaveLength(4);
    expect(d.requests).toHaveLength(2);
  });

  it("reports a connection that keeps dropping as a reset naming the URL", async () => {
    for (let i = 0; i < 2; i++) d.enqueue({ type: "drop" });
    const e = await rejection(client({ maxRetries: 1 }).listModels());
    expect(e.kind).toBe("connection-reset");
    expect(e.message).toContain(`connection reset by ${d.url}/models`);
    expect(e.attempts).toBe(2);
  });
});

describe("ModelClient failures", () => {
  it("times out a slow response and names the URL", async () => {
    d.enqueue({ type: "slow", delayMs: 1500 });
    const e = await rejection(client({ timeoutMs: 200 }).listModels());
    expect(e.kind).toBe("timeout");
    expect(e.message).toBe(`timed out after 200 ms waiting for ${d.url}/models`);
    expect(e.attempts).toBe(1); // timeouts are not retried by default
  });

  it("retries a timeout when retryOnTimeout is set", async () => {
    d.enqueue({ type: "slow", delayMs: 1000 });
    const r = await client({ timeoutMs: 300, retryOnTimeout: true }).listModels();
    expect(r).toContain("fi-genericizer");
    expect(d.requests).toHaveLength(2);
  });

  it("an unreachable server (closed port) gives a clear error naming the URL", async () => {
    const port = await closedPort();
    const e = await rejection(new ModelClient({ baseUrl: `http://127.0.0.1:${port}/v1`, retryBaseMs: 10 }).listModels());
    expect(e.kind).toBe("unreachable");
    expect(e.message).toBe(`cannot reach http://127.0.0.1:${port}/v1: ECONNREFUSED`);
  });

  it("a 200 with a malformed JSON body is 'response is not JSON'", async () => {
    d.enqueue({ type: "malformed" });
    const e = await rejection(client().chat({ model: "fi-judge", messages: [{ role: "user", content: "x" }] }));
    expect(e.kind).toBe("bad-json");
    expect(e.message).toMatch(new RegExp(`^response is not JSON from ${d.url.replace(/[./]/g, "\\$&")}/chat/completions: "\\{"id"`));
  });

  it("empty choices is an error, not an empty answer", async () => {
    d.enqueue({ type: "empty-choices" });
    const e = await rejection(client().chat({ model: "fi-judge", messages: [{ role: "user", content: "x" }] }));
    expect(e.kind).toBe("bad-response");
    expect(e.message).toBe(`empty choices in the response from ${d.url}/chat/completions`);
  });

  it("the caller's AbortSignal stops a request", async () => {
    d.enqueue({ type: "slow", delayMs: 1500 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await rejection(client().listModels({ signal: ac.signal }));
    expect(e.kind).toBe("aborted");
  });
});

describe("ModelClient concurrency", () => {
  it("keeps at most `concurrency` requests in flight", async () => {
    for (let i = 0; i < 6; i++) d.enqueue({ type: "slow", delayMs: 150 });
    const c = client({ concurrency: 2 });
    const all = await Promise.all(Array.from({ length: 6 }, () => c.listModels()));
    expect(all.every((m) => m.length === 4)).toBe(true);
    expect(d.maxInFlight).toBe(2);
    expect(c.inFlight).toBe(0);
  });
});

describe("helpers", () => {
  it("normalises base URLs", () => {
    expect(normalizeBaseUrl("http://localhost:11434")).toBe("http://localhost:11434/v1");
    expect(normalizeBaseUrl("http://127.0.0.1:8000/v1/")).toBe("http://127.0.0.1:8000/v1");
    expect(normalizeBaseUrl("https://api.example.com/openai/v1")).toBe("https://api.example.com/openai/v1");
    expect(normalizeBaseUrl("http://127.0.0.1:8000/v1/chat/completions")).toBe("http://127.0.0.1:8000/v1");
    expect(() => normalizeBaseUrl("localhost:8000")).toThrow(/invalid model server URL/);
  });

  it("reads error messages from the servers' different bodies", () => {
    expect(serverErrorMessage('{"error":{"message":"model not found","type":"x"}}')).toBe("model not found");
    expect(serverErrorMessage('{"error":"model \'x\' not found"}')).toBe("model 'x' not found"); // Ollama
    expect(serverErrorMessage('{"object":"error","message":"bad","code":400}')).toBe("bad"); // vLLM (bare)
    expect(serverErrorMessage("<html>Bad Gateway</html>")).toBe("<html>Bad Gateway</html>");
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });
});
