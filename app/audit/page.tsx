import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <ComingSoon
      title="Audit"
      what="Review a stratified sample of each run's pairs with the keyboard: the answer's excerpts highlighted in the source document, accept / reject / flag, verdict statistics per template, and one-click retirement of templates that keep failing."
      meanwhile={[
        { href: "/runs", label: "See runs" },
        { href: "/templates?status=active", label: "Review active templates" },
      ]}
    />
  );
}
