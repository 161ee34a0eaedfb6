import type { Metadata } from "next";
import { CorporaView } from "./corpora-view";

export const metadata: Metadata = { title: "Corpora" };

export default function CorporaPage() {
  return <CorporaView />;
}
