import type { Metadata } from "next";
import { RegisterCorpusForm } from "../../runs/_components/register-corpus-form";

export const metadata: Metadata = { title: "Register a corpus" };

export default function RegisterCorpusPage() {
  return <RegisterCorpusForm />;
}
