import type { Metadata } from "next";
import { Suspense } from "react";
import { CorpusView } from "./corpus-view";

export const metadata: Metadata = { title: "Corpus" };

export default async function CorpusPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <CorpusView corpusId={Number(id)} />
    </Suspense>
  );
}
