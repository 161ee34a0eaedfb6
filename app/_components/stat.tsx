// A labelled figure in a bordered box (run page, tune preview).
import type { ReactNode } from "react";

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col rounded-md border border-border px-3 py-2">
      <span className="text-[11px] text-fg-subtle">{label}</span>
      <span className="text-[15px] font-semibold tabular-nums" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
