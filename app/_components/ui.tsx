// Small shared building blocks. Server-safe (no hooks) so pages and client components can both use them.
import Link from "next/link";
import type { ButtonHTMLAttributes, ReactNode } from "react";

export function cx(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}

type Variant = "primary" | "secondary" | "ghost" | "danger";
const variants: Record<Variant, string> = {
  primary: "bg-accent text-accent-fg hover:opacity-90 border-transparent",
  secondary: "bg-bg text-fg border-border-strong hover:bg-bg-hover",
  ghost: "bg-transparent text-fg-muted border-transparent hover:bg-bg-hover hover:text-fg",
  danger: "bg-danger text-white border-transparent hover:opacity-90",
};

export function Button({
  variant = "secondary",
  size = "sm",
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: "xs" | "sm" }) {
  return (
    <button
      type="button"
      {...props}
      className={cx(
        "inline-flex items-center gap-1.5 rounded-md border font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-50",
        size === "xs" ? "h-6 px-2 text-[11px]" : "h-7 px-2.5 text-[12px]",
        variants[variant],
        className,
      )}
    />
  );
}

export function ButtonLink({ href, children, variant = "secondary" }: { href: string; children: ReactNode; variant?: Variant }) {
  return (
    <Link
      href={href}
      className={cx("inline-flex h-7 items-center gap-1.5 rounded-md border px-2.5 text-[12px] font-medium whitespace-nowrap", variants[variant])}
    >
      {children}
    </Link>
  );
}

type Tone = "neutral" | "accent" | "success" | "danger" | "warn";
const tones: Record<Tone, string> = {
  neutral: "bg-bg-muted text-fg-muted",
  accent: "bg-accent-soft text-accent-soft-fg",
  success: "bg-success-soft text-success-soft-fg",
  danger: "bg-danger-soft text-danger-soft-fg",
  warn: "bg-warn-soft text-warn-soft-fg",
};

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={cx("inline-flex h-[18px] items-center rounded px-1.5 text-[11px] font-medium whitespace-nowrap", tones[tone])}>
      {children}
    </span>
  );
}

const statusTones: Record<string, Tone> = {
  active: "success",
  retired: "neutral",
  new: "accent",
  genericized: "success",
  rejected: "danger",
  merged: "neutral",
  running: "accent",
  queued: "neutral",
  completed: "success",
  done: "success",
  failed: "danger",
  cancelled: "warn",
  cancelling: "warn",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTones[status] ?? "neutral"}>{status}</Badge>;
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="flex h-12 shrink-0 items-center justify-between gap-4 border-b border-border px-4">
      <div className="flex min-w-0 items-baseline gap-3">
        <h1 className="text-[14px] font-semibold">{title}</h1>
        {subtitle && <div className="truncate text-[12px] text-fg-subtle">{subtitle}</div>}
      </div>
      {actions && <div className="flex items-center gap-2">{actions}</div>}
    </header>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-12 text-center" data-testid="empty-state">
      <div className="text-[13px] font-medium">{title}</div>
      {children && <div className="max-w-md text-[12px] text-fg-subtle">{children}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

export function ProgressBar({ value, max, label }: { value: number; max: number | null; label?: string }) {
  const pct = max && max > 0 ? Math.min(100, (value / max) * 100) : null;
  return (
    <div className="w-full" role="progressbar" aria-label={label ?? "progress"} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
      <div className="h-1.5 w-full overflow-hidden rounded-full bg-bg-muted">
        <div
          className={cx("h-full rounded-full bg-accent transition-[width] duration-300", pct === null && "w-1/3 animate-pulse")}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
      {label && <div className="mt-1 text-[11px] text-fg-subtle">{label}</div>}
    </div>
  );
}

export function ErrorBox({ title = "Something went wrong", error }: { title?: string; error: unknown }) {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
  return (
    <div role="alert" className="m-4 rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-[12px] text-danger-soft-fg">
      <div className="font-medium">{title}</div>
      <div className="mt-0.5 font-mono text-[11px] break-words whitespace-pre-wrap">{message}</div>
    </div>
  );
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <span className="inline-flex items-center gap-2 text-[12px] text-fg-subtle" role="status">
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-border-strong border-t-accent" />
      {label}
    </span>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-[12px]">
      <span className="font-medium text-fg-muted">{label}</span>
      {children}
      {hint && <span className="text-[11px] text-fg-subtle">{hint}</span>}
    </label>
  );
}

export const inputClass =
  "h-7 rounded-md border border-border-strong bg-bg px-2 text-[12px] text-fg placeholder:text-fg-subtle focus:border-accent focus:outline-none";

export function formatNumber(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return Number(n).toLocaleString("en-US");
}

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  return date.toISOString().replace("T", " ").slice(0, 16);
}

export function relativeTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}
