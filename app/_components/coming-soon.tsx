import Link from "next/link";
import { PageHeader } from "./ui";

export function ComingSoon({ title, what, meanwhile }: { title: string; what: string; meanwhile: { href: string; label: string }[] }) {
  return (
    <div className="flex h-full flex-col">
      <PageHeader title={title} />
      <div className="flex flex-1 items-start justify-center p-10">
        <div className="max-w-lg rounded-lg border border-border bg-bg-subtle p-6" data-testid="coming-soon">
          <div className="mb-1 text-[11px] font-semibold tracking-wide text-accent uppercase">Coming in a later release</div>
          <h2 className="mb-2 text-[15px] font-semibold">{title}</h2>
          <p className="mb-4 text-[13px] text-fg-muted">{what}</p>
          <div className="text-[12px] text-fg-subtle">Meanwhile:</div>
          <ul className="mt-1 flex flex-col gap-1 text-[12px]">
            {meanwhile.map((m) => (
              <li key={m.href}>
                <Link className="text-accent hover:underline" href={m.href}>
                  {m.label} →
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
