"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ButtonLink, ErrorBox, Field, formatNumber, inputClass, PageHeader } from "../../_components/ui";
import { useTRPC } from "../../_trpc/client";

export function RegisterCorpusForm() {
  const trpc = useTRPC();
  const roots = useQuery(trpc.corpusFiles.dataRoots.queryOptions());
  const [name, setName] = useState("");
  const [paths, setPaths] = useState("");
  const [license, setLicense] = useState("");
  const [description, setDescription] = useState("");
  const [idField, setIdField] = useState("id");
  const [textField, setTextField] = useState("text");
  const [titleField, setTitleField] = useState("title");
  const [sampleSize, setSampleSize] = useState("5000");
  const register = useMutation(trpc.corpusFiles.register.mutationOptions());
  const list = paths.split("\n").map((p) => p.trim()).filter(Boolean);
  const r = register.data;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="Register a corpus" subtitle="JSONL, CSV or Parquet files (or folders of shards) that stay where they are" />
      <div className="min-h-0 flex-1 overflow-auto p-4">
        <form
          className="grid max-w-3xl grid-cols-2 gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            register.mutate({
              name,
              paths: list,
              license: license || undefined,
              description: description || undefined,
              fieldMap: { id: idField || undefined, text: textField || undefined, title: titleField || undefined },
              sampleSize: Number(sampleSize) || 0,
            });
          }}
        >
          <Field label="Name">
            <input aria-label="Corpus name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required />
          </Field>
          <Field label="License" hint="Goes into every run's dataset card">
            <input aria-label="License" className={inputClass} value={license} onChange={(e) => setLicense(e.target.value)} placeholder="e.g. CC BY-SA 3.0" />
          </Field>
          <div className="col-span-2">
            <Field
              label="Files or folders (one path per line, on the server)"
              hint={
                <>
                  Allowed folders: {roots.data?.map((x) => <code key={x} className="mr-2">{x}</code>)} (add more with FISTUDIO_DATA_ROOTS).
                </>
              }
            >
              <textarea aria-label="Paths" className={`${inputClass} h-24 py-1 font-mono`} value={paths} onChange={(e) => setPaths(e.target.value)} required />
            </Field>
          </div>
          <div className="col-span-2">
            <Field label="Description">
              <input aria-label="Description" className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} />
            </Field>
          </div>
          <Field label="Id field">
            <input aria-label="Id field" className={inputClass} value={idField} onChange={(e) => setIdField(e.target.value)} />
          </Field>
          <Field label="Text field">
            <input aria-label="Text field" className={inputClass} value={textField} onChange={(e) => setTextField(e.target.value)} />
          </Field>
          <Field label="Title field">
            <input aria-label="Title field" className={inputClass} value={titleField} onChange={(e) => setTitleField(e.target.value)} />
          </Field>
          <Field label="Documents kept for browsing" hint="All of them when the corpus is smaller">
            <input aria-label="Sample size" className={inputClass} type="number" min={0} value={sampleSize} onChange={(e) => setSampleSize(e.target.value)} />
          </Field>
          <div className="col-span-2 flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={register.isPending || !name || !list.length}>
              {register.isPending ? "Counting rows…" : "Register"}
            </Button>
          </div>
          {register.error && (
            <div className="col-span-2">
              <ErrorBox title="Not registered" error={register.error} />
            </div>
          )}
          {r && (
            <div className="col-span-2 rounded-md border border-success/40 bg-success-soft p-3 text-[12px]" role="status">
              <div className="font-medium">
                Corpus “{r.name}”: {formatNumber(r.documentCount)} rows in {r.files.length} file(s); {formatNumber(r.sampleCount)} documents browsable.
              </div>
              <ul className="mt-1 font-mono text-[11px]">
                {r.files.map((f) => (
                  <li key={f.path}>
                    {f.path} — {f.format}, {formatNumber(f.rowCount)} rows
                  </li>
                ))}
              </ul>
              <div className="mt-2 flex gap-2">
                <ButtonLink href={`/corpora/${r.corpusId}`}>Open corpus</ButtonLink>
                <ButtonLink href={`/runs/new?corpus=${r.corpusId}`} variant="primary">
                  New run on it
                </ButtonLink>
              </div>
            </div>
          )}
        </form>
      </div>
    </div>
  );
}
