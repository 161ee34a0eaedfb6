/** JSON.parse of one line of a JSONL file, with the file and line named in the error. */
export function parseJsonLine(line: string, file: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new Error(`${file}:${n}: not valid JSON (${(e as Error).message})`);
  }
}
