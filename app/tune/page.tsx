import type { Metadata } from "next";
import { TuneView } from "./_components/tune-view";

export const metadata: Metadata = { title: "Tune" };

export default function TunePage() {
  return <TuneView />;
}
