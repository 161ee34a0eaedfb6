import type { Metadata } from "next";
import { Suspense } from "react";
import { QueriesView } from "./queries-view";

export const metadata: Metadata = { title: "Queries" };

export default function QueriesPage() {
  return (
    <Suspense>
      <QueriesView />
    </Suspense>
  );
}
