"use client";
// Keyboard shortcuts: components register keys with a description; "?" shows everything that is active.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export interface Hotkey {
  key: string; // "j", "Escape", "/", "shift+r"
  description: string;
  handler: (e: KeyboardEvent) => void;
  /** Also fire when focus is in a text field (default only for Escape). */
  inInputs?: boolean;
}

interface Registry {
  register(id: string, keys: Hotkey[]): void;
  unregister(id: string): void;
}

const Ctx = createContext<Registry | null>(null);

function matches(e: KeyboardEvent, key: string): boolean {
  const parts = key.split("+");
  const k = parts.pop()!;
  const shift = parts.includes("shift");
  const mod = parts.includes("mod");
  if (mod !== (e.metaKey || e.ctrlKey)) return false;
  if (!mod && (e.metaKey || e.ctrlKey || e.altKey)) return false;
  if (k.length === 1 && /[a-z]/i.test(k)) return e.key.toLowerCase() === k.toLowerCase() && shift === e.shiftKey;
  return e.key === k;
}

function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

export function HotkeysProvider({ children }: { children: ReactNode }) {
  const registry = useRef(new Map<string, Hotkey[]>());
  const [help, setHelp] = useState(false);
  const [, force] = useState(0);

  const register = useCallback((id: string, keys: Hotkey[]) => {
    registry.current.set(id, keys);
    force((n) => n + 1);
  }, []);
  const unregister = useCallback((id: string) => {
    registry.current.delete(id);
    force((n) => n + 1);
  }, []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const typing = isTyping(e.target);
      if (!typing && e.key === "?") {
        e.preventDefault();
        setHelp((h) => !h);
        return;
      }
      if (help && e.key === "Escape") {
        setHelp(false);
        return;
      }
      // Latest registration wins (a panel over a table).
      const all = [...registry.current.values()].reverse();
      for (const keys of all) {
        for (const hk of keys) {
          if (typing && !(hk.inInputs || hk.key === "Escape")) continue;
          if (matches(e, hk.key)) {
            e.preventDefault();
            hk.handler(e);
            return;
          }
        }
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [help]);

  const value = useMemo(() => ({ register, unregister }), [register, unregister]);
  // eslint-disable-next-line react-hooks/refs
  const entries = help ? [...registry.current.values()].flat() : [];
  return (
    <Ctx.Provider value={value}>
      {children}
      {help && (
        <div
          role="dialog"
          aria-label="Keyboard shortcuts"
          className="fixed inset-0 z-50 flex items-center justify-center bg-black/40"
          onClick={() => setHelp(false)}
        >
          <div className="w-[420px] rounded-lg border border-border bg-bg p-4 shadow-xl" onClick={(e) => e.stopPropagation()}>
            <div className="mb-3 flex items-center justify-between">
              <h2 className="text-sm font-semibold">Keyboard shortcuts</h2>
              <kbd>Esc</kbd>
            </div>
            <table className="w-full text-[12px]">
              <tbody>
                <tr>
                  <td className="py-1 pr-4">
                    <kbd>?</kbd>
                  </td>
                  <td className="text-fg-muted">Show or hide this list</td>
                </tr>
                {entries.map((hk, i) => (
                  <tr key={`${hk.key}-${i}`}>
                    <td className="py-1 pr-4">
                      <kbd>{hk.key}</kbd>
                    </td>
                    <td className="text-fg-muted">{hk.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Ctx.Provider>
  );
}

let nextId = 0;

/** Registers shortcuts while the component is mounted. Handlers may change every render. */
export function useHotkeys(keys: Hotkey[]) {
  const reg = useContext(Ctx);
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  const [id] = useState(() => `hk${nextId++}`);
  const signature = keys.map((k) => `${k.key}:${k.description}`).join("|");
  useEffect(() => {
    if (!reg) return;
    const proxied: Hotkey[] = signature
      .split("|")
      .filter(Boolean)
      .map((_, i) => ({
        ...latest.current[i],
        handler: (e: KeyboardEvent) => latest.current[i]?.handler(e),
      }));
    reg.register(id, proxied);
    return () => reg.unregister(id);
  }, [reg, id, signature]);
}
