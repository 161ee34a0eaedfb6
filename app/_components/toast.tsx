"use client";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { cx } from "./ui";

type ToastKind = "info" | "success" | "error";
interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

const Ctx = createContext<(t: Omit<Toast, "id">) => void>(() => undefined);

let seq = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((t: Omit<Toast, "id">) => {
    const id = ++seq;
    setToasts((all) => [...all.slice(-4), { ...t, id }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), t.kind === "error" ? 9000 : 4500);
  }, []);
  return (
    <Ctx.Provider value={push}>
      {children}
      <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[340px] flex-col gap-2" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.kind === "error" ? "alert" : "status"}
            className={cx(
              "pointer-events-auto rounded-md border bg-bg px-3 py-2 text-[12px] shadow-lg",
              t.kind === "error" ? "border-danger/50" : t.kind === "success" ? "border-success/50" : "border-border",
            )}
          >
            <div className="flex items-start justify-between gap-2">
              <div className={cx("font-medium", t.kind === "error" && "text-danger")}>{t.title}</div>
              <button
                type="button"
                className="text-fg-subtle hover:text-fg"
                onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}
                aria-label="Dismiss"
              >
                ×
              </button>
            </div>
            {t.message && <div className="mt-0.5 text-fg-muted break-words">{t.message}</div>}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export function useToast() {
  return useContext(Ctx);
}
