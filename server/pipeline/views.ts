// Gaussian views of a document (paper: one global view plus K local views centred at k/(K+1) of the text,
// weights exp(-½((t−c)/(σT))²), α = 1, i.e. local views are purely local).
import type { View } from "./types";

/** Views over a text of `length` characters. Local views carry ±2σ of the text as their character range. */
export function computeViews(length: number, localViews: number, sigma: number): View[] {
  const views: View[] = [{ k: 0, start: 0, end: length }];
  for (let k = 1; k <= localViews; k++) {
    const c = (k / (localViews + 1)) * length;
    const half = 2 * sigma * length;
    views.push({ k, start: Math.max(0, Math.floor(c - half)), end: Math.min(length, Math.ceil(c + half)) });
  }
  return views;
}

/**
 * Weight of each position (character offsets into a text of `length`) for view k: 1 everywhere for the global view,
 * the Gaussian around k/(K+1) for local views.
 */
export function viewWeights(offsets: ArrayLike<number>, length: number, view: View, localViews: number, sigma: number): Float32Array {
  const w = new Float32Array(offsets.length);
  if (view.k === 0 || length === 0) return w.fill(1);
  const c = (view.k / (localViews + 1)) * length;
  const s = sigma * length;
  for (let i = 0; i < offsets.length; i++) {
    const z = (offsets[i] - c) / s;
    w[i] = Math.exp(-0.5 * z * z);
  }
  return w;
}

/** The text a view carries (its ±2σ range, widened to word boundaries): what a sentence encoder sees. */
export function viewText(text: string, view: View): string {
  if (view.k === 0) return text;
  let { start, end } = view;
  while (start > 0 && /\S/.test(text[start - 1])) start--;
  while (end < text.length && /\S/.test(text[end])) end++;
  return text.slice(start, end).trim();
}
