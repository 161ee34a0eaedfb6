import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "./_components/nav";
import { themeInitScript } from "./_components/theme-toggle";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "FineInstructions Studio", template: "%s · FineInstructions Studio" },
  description: "Turn pre-training corpora into grounded (instruction, answer) pairs the FineInstructions way.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Applies the saved theme before first paint (no flash of the wrong theme). */}
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body className="h-full overflow-hidden">
        <Providers>
          <div className="flex h-screen">
            <Nav />
            <main className="flex min-w-0 flex-1 flex-col">{children}</main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
