import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Tune" };

export default function TunePage() {
  return (
    <ComingSoon
      title="Tune"
      what="Turn the matching, instantiation and judging knobs with a live preview on a sample of documents: the pairs themselves, yield, judge-score and complexity histograms, then save the settings as a preset for runs."
      meanwhile={[
        { href: "/templates", label: "Curate the template bank" },
        { href: "/corpora", label: "Browse a corpus" },
      ]}
    />
  );
}
