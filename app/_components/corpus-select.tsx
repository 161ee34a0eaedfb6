// The corpus picker of the forms that run the engine on a corpus (new run, tune).
import { formatNumber, inputClass } from "./ui";

export function CorpusSelect({ corpora, value, onChange }: { corpora: { id: number; name: string; documentCount: number | bigint }[]; value: string; onChange: (id: string) => void }) {
  return (
    <select aria-label="Corpus" className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} required>
      {corpora.length === 0 && <option value="">No corpus: register one first</option>}
      {corpora.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name} ({formatNumber(c.documentCount)} documents)
        </option>
      ))}
    </select>
  );
}
