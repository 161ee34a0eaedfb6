// Audit from the browser: a small run on the bundled sample, then its stratified sample reviewed with the keyboard,
// excerpts highlighted in the document, verdicts counted per template, and a template retired in one click.
import { expect, test } from "@playwright/test";

test("review a run's sample with the keyboard and retire a template", async ({ page }) => {
  test.setTimeout(360_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await test.step("a small run with a large audit sample", async () => {
    await page.goto("/runs/new");
    const corpus = page.getByRole("combobox", { name: "Corpus" });
    await corpus.selectOption((await corpus.locator("option", { hasText: "wikipedia-sample" }).getAttribute("value"))!);
    await page.getByRole("textbox", { name: "Name" }).fill("audit e2e");
    await page.getByRole("spinbutton", { name: "Document limit" }).fill("80");
    await page.getByRole("spinbutton", { name: "Shard size" }).fill("40");
    await page.getByRole("spinbutton", { name: "Sample rate" }).fill("0.5");
    await page.getByRole("button", { name: "Launch run" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/, { timeout: 60_000 });
    await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 240_000 });
  });

  await test.step("the queue shows the run's sample; excerpts are highlighted in the document", async () => {
    await page.goto("/audit");
    const run = page.getByRole("combobox", { name: "Run" });
    await run.selectOption((await run.locator("option", { hasText: "audit e2e" }).getAttribute("value"))!);
    await expect(page.getByTestId("audit-progress")).toContainText(/^0 of \d+ reviewed$/);
    await expect(page.getByTestId("audit-instruction")).toBeVisible();
    await expect(page.getByTestId("audit-document").locator("mark").first()).toBeVisible();
    await page.getByRole("textbox", { name: "Reviewer" }).fill("e2e");
  });

  const queue = page.getByRole("listbox", { name: "Pairs to review" });
  await test.step("a accepts, x rejects; each moves to the next pair and counts", async () => {
    await page.getByTestId("audit-instruction").click();
    const first = await page.getByTestId("audit-instruction").innerText();
    await page.keyboard.press("a");
    await expect(queue.getByRole("option").nth(0)).toContainText("accept");
    await expect(queue.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("audit-instruction")).not.toHaveText(first);
    await page.keyboard.press("x");
    await expect(queue.getByRole("option").nth(1)).toContainText("reject");
    await expect(page.getByTestId("audit-progress")).toContainText(/^2 of \d+ reviewed$/);
  });

  await test.step("the rejected pair's template leads the verdict statistics and can be retired", async () => {
    const verdicts = page.getByTestId("template-verdicts").locator("li");
    await expect(verdicts.first()).toContainText("1✗");
    await verdicts.first().getByRole("button", { name: "Retire" }).click();
    await expect(verdicts.first()).toContainText("retired");
  });

  expect(pageErrors).toEqual([]);
});
