// Streaming JSONL line reader: never holds the file, and never holds a line longer than maxLineBytes
// (such a line is skipped up to its newline and reported as too long). Invalid UTF-8 is reported per line.
import { createReadStream } from "node:fs";

export type LineItem =
  | { line: number; text: string; bytes: number }
  | { line: number; error: "line-too-long" | "invalid-utf8"; message: string; bytes: number };

export const DEFAULT_MAX_LINE_BYTES = 1 << 20; // 1 MiB

export async function* readLines(path: string, opts: { maxLineBytes?: number; onBytes?: (bytesRead: number) => void } = {}): AsyncGenerator<LineItem> {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let parts: Buffer[] = [];
  let partLen = 0;
  let tooLongBytes = 0; // > 0 while skipping an over-long line
  let lineNo = 0;
  let bytesRead = 0;

  const finish = (): LineItem => {
    lineNo++;
    if (tooLongBytes > 0) {
      const bytes = tooLongBytes;
      tooLongBytes = 0;
      return { line: lineNo, error: "line-too-long", message: `line of ${bytes.toLocaleString("en")} bytes exceeds the limit of ${max.toLocaleString("en")} bytes`, bytes };
    }
    let buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, partLen);
    parts = [];
    partLen = 0;
    if (buf.length && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1); // CRLF
    try {
      return { line: lineNo, text: decoder.decode(buf), bytes: buf.length };
    } catch {
      const col = buf.toString("utf8").indexOf("\uFFFD") + 1;
      return { line: lineNo, error: "invalid-utf8", message: `invalid UTF-8 (not a UTF-8 byte sequence${col > 0 ? ` at column ${col}` : ""})`, bytes: buf.length };
    }
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      const end = nl === -1 ? chunk.length : nl;
      const segLen = end - pos;
      if (tooLongBytes > 0) tooLongBytes += segLen;
      else if (partLen + segLen > max) {
        tooLongBytes = partLen + segLen;
        parts = [];
        partLen = 0;
      } else if (segLen > 0) {
        parts.push(chunk.subarray(pos, end));
        partLen += segLen;
      }
      if (nl === -1) break;
      yield finish();
      pos = nl + 1;
    }
    // Copy retained slices so the 1 MiB chunk can be freed.
    if (parts.length) {
      const b = Buffer.concat(parts, partLen);
      parts = [b];
    }
    opts.onBytes?.(bytesRead);
  }
  if (partLen > 0 || tooLongBytes > 0) yield finish();
}
