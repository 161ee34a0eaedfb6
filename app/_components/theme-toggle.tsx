"use client";
import { useSyncExternalStore } from "react";

// The theme is a class on <html>, persisted in localStorage; layout.tsx applies it before first paint.
const KEY = "fistudio-theme";

function subscribe(cb: () => void) {
  const obs = new MutationObserver(cb);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => obs.disconnect();
}

export function ThemeToggle() {
  const dark = useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains("dark"),
    () => false,
  );
  return (
    <button
      type="button"
      aria-label={dark ? "Switch to light theme" : "Switch to dark theme"}
      title={dark ? "Light theme" : "Dark theme"}
      onClick={() => {
        const next = !dark;
        document.documentElement.classList.toggle("dark", next);
        try {
          localStorage.setItem(KEY, next ? "dark" : "light");
        } catch {
          /* private mode: the toggle still works for this page */
        }
      }}
      className="flex h-6 items-center gap-1 rounded-md border border-border-strong px-2 text-[11px] text-fg-muted hover:bg-bg-hover"
    >
      {dark ? "☀ Light" : "☾ Dark"}
    </button>
  );
}

export const themeInitScript = `(function(){try{var t=localStorage.getItem("${KEY}");if(t==="dark"||(!t&&window.matchMedia("(prefers-color-scheme: dark)").matches)){document.documentElement.classList.add("dark")}}catch(e){}})();`;
