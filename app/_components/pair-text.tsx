// A pair as reviewers read it: its template (variables as chips), the instruction and the answer, all as text.
import { TemplateText } from "./template-text";
import { cx } from "./ui";

const label = "text-[11px] font-semibold text-fg-muted uppercase";

export function PairText(props: { templateLabel: string; templateText: string; instruction: string; answer: string; instructionTestId?: string; large?: boolean }) {
  return (
    <>
      <div>
        <div className={label}>{props.templateLabel}</div>
        <TemplateText text={props.templateText} />
      </div>
      <div>
        <div className={label}>Instruction</div>
        <p className={cx("whitespace-pre-wrap", props.large && "text-[14px] font-medium")} data-testid={props.instructionTestId}>
          {props.instruction}
        </p>
      </div>
      <div>
        <div className={label}>Answer (copied from the document)</div>
        <p className={cx("whitespace-pre-wrap", props.large && "text-[13px]")}>{props.answer}</p>
      </div>
    </>
  );
}
