"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useHotkeys } from "./hotkeys";
import { ThemeToggle } from "./theme-toggle";
import { cx } from "./ui";

const items = [
  { href: "/", label: "Dashboard", key: "d", icon: "▦" },
  { href: "/queries", label: "Queries", key: "q", icon: "?" },
  { href: "/templates", label: "Templates", key: "t", icon: "⟨⟩" },
  { href: "/corpora", label: "Corpora", key: "c", icon: "▤" },
  { href: "/runs", label: "Runs", key: "r", icon: "▶" },
  { href: "/tune", label: "Tune", key: "u", icon: "≋" },
  { href: "/audit", label: "Audit", key: "a", icon: "✓" },
];

const secondary = [{ href: "/imports", label: "Imports", key: "i", icon: "⇪" }];

export function Nav() {
  const pathname = usePathname();
  const router = useRouter();
  // "g" then a letter: go to a screen (a two-key sequence, like Linear and GitHub).
  useHotkeys([
    {
      key: "g",
      description: "Go to… (then d, q, t, c, r, u, a, i)",
      handler: () => {
        const onNext = (e: KeyboardEvent) => {
          window.removeEventListener("keydown", onNext, true);
          const it = [...items, ...secondary].find((x) => x.key === e.key.toLowerCase());
          if (it) {
            e.preventDefault();
            e.stopPropagation();
            router.push(it.href);
          }
        };
        window.addEventListener("keydown", onNext, true);
        setTimeout(() => window.removeEventListener("keydown", onNext, true), 1500);
      },
    },
  ]);
  const link = (it: (typeof items)[number]) => {
    const active = it.href === "/" ? pathname === "/" : pathname === it.href || pathname.startsWith(it.href + "/");
    return (
      <li key={it.href}>
        <Link
          href={it.href}
          aria-current={active ? "page" : undefined}
          className={cx(
            "flex h-7 items-center gap-2 rounded-md px-2 text-[13px]",
            active ? "bg-bg-selected font-medium text-fg" : "text-fg-muted hover:bg-bg-hover hover:text-fg",
          )}
        >
          <span aria-hidden className="w-4 text-center text-[11px] text-fg-subtle">
            {it.icon}
          </span>
          {it.label}
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label="Main" className="flex w-52 shrink-0 flex-col border-r border-border bg-bg-subtle">
      <div className="flex h-12 items-center gap-2 border-b border-border px-3">
        <span className="flex h-6 w-6 items-center justify-center rounded bg-accent text-[11px] font-bold text-accent-fg">FI</span>
        <div className="leading-tight">
          <div className="text-[13px] font-semibold">FineInstructions</div>
          <div className="text-[10px] text-fg-subtle">Studio</div>
        </div>
      </div>
      <ul className="flex flex-col gap-0.5 p-2">{items.map(link)}</ul>
      <div className="px-4 pt-2 text-[10px] font-semibold tracking-wide text-fg-subtle uppercase">Data</div>
      <ul className="flex flex-col gap-0.5 p-2">{secondary.map(link)}</ul>
      <div className="mt-auto flex items-center justify-between border-t border-border p-2">
        <span className="text-[11px] text-fg-subtle">
          <kbd>?</kbd> shortcuts
        </span>
        <ThemeToggle />
      </div>
    </nav>
  );
}
