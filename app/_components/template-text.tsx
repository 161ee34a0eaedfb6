// A template with its <fi>variables</fi> shown as chips. Everything is rendered as React text, never as HTML.
import { parseTemplate } from "@/server/pipeline/template-syntax";
import { cx } from "./ui";

export function TemplateText({ text, className, compact }: { text: string; className?: string; compact?: boolean }) {
  const { parts, descriptions } = parseTemplate(text);
  // In a one-line cell the full template is in the tooltip, variables as [description].
  const title = compact ? parts.map((p) => (p.kind === "text" ? p.text : `[${p.description}]`)).join("") : undefined;
  return (
    <span className={cx(compact ? "truncate" : "whitespace-pre-wrap break-words", className)} data-testid="template-text" title={title}>
      {parts.map((p, i) =>
        p.kind === "text" ? (
          <span key={i}>{p.text}</span>
        ) : (
          <span
            key={i}
            data-variable={p.description}
            title={`variable ${descriptions.indexOf(p.description) + 1}: ${p.description}`}
            className="mx-px inline rounded border border-chip-border bg-chip px-1 text-chip-fg"
          >
            {p.description}
          </span>
        ),
      )}
    </span>
  );
}
