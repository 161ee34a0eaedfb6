"use client";
import type { ReactNode } from "react";
import { HotkeysProvider } from "./_components/hotkeys";
import { ToastProvider } from "./_components/toast";
import { TRPCReactProvider } from "./_trpc/client";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <ToastProvider>
        <HotkeysProvider>{children}</HotkeysProvider>
      </ToastProvider>
    </TRPCReactProvider>
  );
}
