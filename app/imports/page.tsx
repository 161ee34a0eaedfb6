import type { Metadata } from "next";
import { Suspense } from "react";
import { ImportsView } from "./imports-view";

export const metadata: Metadata = { title: "Imports" };

export default function ImportsPage() {
  return (
    <Suspense>
      <ImportsView />
    </Suspense>
  );
}
