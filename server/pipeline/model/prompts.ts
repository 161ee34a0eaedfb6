// The prompts the model backend sends. Two styles:
// - "paper": exactly the published I/O of the FineInstructions checkpoints (huggingface.co/fineinstructions): the
//   genericizer gets the bare query, the instantiator a JSON object {"instruction_template", "document"}. No system
//   prompt: the fine-tuned models learned the task, and extra words are out of distribution for them.
// - "instruct": the same user message plus a system prompt that explains the task and the output format, for general
//   instruction-tuned models (Llama-3.x-Instruct, Qwen, GPT-4o-mini ...) that were never fine-tuned on it.
// The judge always gets a Flow-Judge-style rubric prompt (that is the format Flow Judge was trained on).
import type { ChatMessage } from "./client";

export type PromptStyle = "paper" | "instruct";

export const GENERICIZE_SYSTEM = `You turn a real user query into a reusable instruction template.
Replace every span that refers to a specific entity, name, number, date, quoted text, code identifier or scenario with <fi>short natural-language description of what fits there</fi>, e.g. "what effects does diabetes have?" becomes "what effects does <fi>a medical or psychological condition</fi> have?". Use the same description for the same variable when it repeats. Keep everything else as the user wrote it.
Also write a compatible document description: a short paragraph describing the kind of document that could fill the variables and answer the instruction.
Reply with JSON only: {"template": "...", "compatible_document_description": "..."}. If the query cannot be made into a template (nothing specific, unsafe, not a request), reply with null.`;

export const INSTANTIATE_SYSTEM = `You receive JSON {"instruction_template": ..., "document": ...}. Fill every <fi>…</fi> variable of the template with text from the document to make a realistic, standalone instruction about the document's content (the same description gets the same fill), then answer it.
The answer must be at least 80% text copied from the document, with at most a few words of lead-in. Write each long copy as <excerpt>first few words<...>last few words</excerpt> where the first and last words are copied exactly and pick out exactly one passage of the document; short copies may be written as <excerpt>exact text</excerpt>.
Reply with JSON only: {"instruction": "...", "answer": "..."}. If the template cannot be filled from this document or the document does not answer it, reply with null.`;

export function genericizeMessages(query: string, style: PromptStyle): ChatMessage[] {
  const user: ChatMessage = { role: "user", content: query };
  return style === "paper" ? [user] : [{ role: "system", content: GENERICIZE_SYSTEM }, user];
}

export function instantiateInput(templateText: string, documentText: string): string {
  return JSON.stringify({ instruction_template: templateText, document: documentText });
}

export function instantiateMessages(templateText: string, documentText: string, style: PromptStyle): ChatMessage[] {
  const user: ChatMessage = { role: "user", content: instantiateInput(templateText, documentText) };
  return style === "paper" ? [user] : [{ role: "system", content: INSTANTIATE_SYSTEM }, user];
}

/** The paper's criterion: 1 = irrelevant or off-topic … 5 = addresses the query without extraneous, vague or repetitive content. */
export const JUDGE_CRITERIA =
  "Does the response address the user's instruction directly and completely, with content that is relevant, specific and not repetitive?";

export const JUDGE_RUBRIC: [number, string][] = [
  [1, "The response is irrelevant to the instruction or off-topic."],
  [2, "The response touches the topic of the instruction but does not answer what it asks, or is mostly vague."],
  [3, "The response partly addresses the instruction but misses important parts or carries a lot of extraneous, vague or repetitive content."],
  [4, "The response addresses the instruction well, with only minor extraneous, vague or repetitive content."],
  [5, "The response fully addresses the instruction without any extraneous, vague or repetitive content."],
];

/**
 * A Flow-Judge-style prompt: GOAL, INPUT (<inputs>), OUTPUT (<output>), criteria and rubric, evaluation steps, and the
 * required format (<feedback>…</feedback> then <score>N</score>). Written for this product in the layout Flow Judge
 * (flowaicom/Flow-Judge-v0.1) was trained on.
 */
export function judgePrompt(instruction: string, answer: string, document?: string): string {
  const inputs = [`<user_instruction>\n${instruction}\n</user_instruction>`];
  if (document !== undefined) inputs.push(`<source_document>\n${document}\n</source_document>`);
  const rubric = JUDGE_RUBRIC.map(([s, d]) => `- Score ${s}: ${d}`).join("\n");
  return `# GOAL
Your job is to evaluate a task carried out by an AI system powered by a large language model.

You are given the inputs and the output of the task, together with evaluation criteria and a scoring rubric. Evaluate the output of the AI system against the criteria and the rubric.

# INPUT
Below are the inputs of the task:
<inputs>
${inputs.join("\n")}
</inputs>

# OUTPUT
Below is the output of the task:
<output>
${answer}
</output>

# EVALUATION CRITERIA AND SCORING RUBRIC
Here are the evaluation criteria and the rubric to use:
<evaluation_criteria>
${JUDGE_CRITERIA}
</evaluation_criteria>

<scoring_rubric>
${rubric}
</scoring_rubric>

# INSTRUCTIONS FOR THE EVALUATION
1. Read the criteria and every level of the rubric.
2. Read the inputs and the output of the task.
3. Decide which rubric description matches the output best.
4. Check the small details that can move the score by one point.
5. Write verbal feedback that justifies the score, pointing at specific parts of the output and at the rubric.
6. Give a final score from the rubric.

## FORMAT FOR THE EVALUATION
- Write the verbal feedback inside <feedback> tags without any additional surrounding text.
- Write the numeric score inside <score> tags, without any additional surrounding text and always after the feedback.

Please evaluate the task accurately and strictly by the criteria and the rubric.`;
}

export function judgeMessages(instruction: string, answer: string, document?: string): ChatMessage[] {
  return [{ role: "user", content: judgePrompt(instruction, answer, document) }];
}

/** For /v1/completions (base models without a chat template): messages flattened into one prompt. */
export function flattenMessages(messages: ChatMessage[]): string {
  return messages.map((m) => (m.role === "user" ? m.content : `${m.role === "system" ? "" : "Assistant: "}${m.content}`)).join("\n\n") + "\n\n";
}
