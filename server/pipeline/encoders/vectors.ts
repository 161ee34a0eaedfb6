// Helpers shared by the dense encoders (in-process ./dense and the HTTP ../model/embeddings).

/** The text sent to an embedding model: blank texts become "." and long ones are cut to maxChars. */
export function embeddingInput(text: string, maxChars: number): string {
  return text.trim() === "" ? "." : text.slice(0, maxChars);
}

/** Scales v to unit length in place (a zero vector stays zero) and returns it, so a dot product is a cosine. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
