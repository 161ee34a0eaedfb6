// The judge's reasons for a score: each signal with its value and what it means.
export function JudgeReasons({ reasons }: { reasons: { name: string; value: number; note?: string }[] }) {
  return (
    <table className="mt-1 w-full text-[11px]">
      <tbody>
        {reasons.map((r) => (
          <tr key={r.name} className="border-b border-border">
            <td className="py-0.5 pr-2 font-mono">{r.name}</td>
            <td className="pr-2 text-right tabular-nums">{r.value}</td>
            <td className="text-fg-subtle">{r.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
