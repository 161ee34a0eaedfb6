"use client";
import type { ReactNode } from "react";
import { useHotkeys } from "./hotkeys";
import { useToast } from "./toast";

/** The detail panel on the right of a table. Esc closes it. */
export function SidePanel({
  title,
  onClose,
  children,
  actions,
  width = 520,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  actions?: ReactNode;
  width?: number;
}) {
  const toast = useToast();
  const copyLink = () => {
    void navigator.clipboard
      ?.writeText(window.location.href)
      .then(() => toast({ kind: "success", title: "Link copied", message: "It reopens this view with this item open." }))
      .catch(() => toast({ kind: "error", title: "Could not copy the link", message: window.location.href }));
  };
  useHotkeys([
    { key: "Escape", description: "Close the detail panel", handler: onClose },
    { key: "shift+c", description: "Copy a link to this view", handler: copyLink },
  ]);
  return (
    <aside
      aria-label="Detail"
      data-testid="detail-panel"
      className="flex h-full shrink-0 flex-col border-l border-border bg-bg"
      style={{ width }}
    >
      <div className="flex h-10 shrink-0 items-center justify-between gap-2 border-b border-border px-3">
        <div className="min-w-0 truncate text-[12px] font-medium">{title}</div>
        <div className="flex items-center gap-1">
          {actions}
          <button
            type="button"
            onClick={copyLink}
            title="Copy a link to this view (Shift+C)"
            aria-label="Copy link"
            className="flex h-6 w-6 items-center justify-center rounded text-fg-subtle hover:bg-bg-hover hover:text-fg"
          >
            <svg aria-hidden width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" />
              <path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />
            </svg>
          </button>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close detail"
            className="rounded px-1.5 text-[16px] leading-none text-fg-subtle hover:bg-bg-hover hover:text-fg"
          >
            ×
          </button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-3">{children}</div>
    </aside>
  );
}

export function PanelSection({ title, children, right }: { title: string; children: ReactNode; right?: ReactNode }) {
  return (
    <section className="mb-4">
      <div className="mb-1.5 flex items-center justify-between">
        <h3 className="text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">{title}</h3>
        {right}
      </div>
      {children}
    </section>
  );
}

export function KeyValue({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[120px_1fr] gap-x-3 gap-y-1 text-[12px]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-fg-subtle">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
