// Tune on the bundled sample: the live preview, its charts and pairs with keyboard review, a knob that changes the
// output, and a preset saved from it that the new-run form offers.
import { expect, test } from "@playwright/test";

test("tune the knobs with a live preview and save them as a preset for runs", async ({ page }) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await page.goto("/tune");
  await expect(page.getByRole("heading", { name: "Tune" })).toBeVisible();
  const corpus = page.getByRole("combobox", { name: "Corpus" });
  await corpus.selectOption((await corpus.locator("option", { hasText: "wikipedia-sample" }).getAttribute("value"))!);

  await test.step("the preview runs by itself and shows pairs, charts and drop reasons", async () => {
    await expect(page.getByTestId("pairs-per-doc")).toBeVisible({ timeout: 120_000 });
    expect(Number(await page.getByTestId("pairs-per-doc").innerText())).toBeGreaterThan(0);
    await expect(page.getByTestId("funnel")).toContainText("100 documents");
    for (const chart of ["chart-judge", "chart-complexity"]) await expect(page.getByTestId(chart).locator("svg.recharts-surface").first()).toBeVisible();
    await expect(page.getByTestId("rejections").locator("li").first()).toBeVisible();
    const options = page.getByRole("listbox", { name: "Pairs" }).getByRole("option");
    expect(await options.count()).toBeGreaterThan(1);
    await expect(page.getByTestId("pair-detail")).toContainText("Pair 1 of");
    await options.first().click();
    await page.keyboard.press("j");
    await expect(page.getByTestId("pair-detail")).toContainText("Pair 2 of");
    await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  });

  let retiredTemplate = "";
  await test.step("x retires the selected pair's template: its pairs leave the list", async () => {
    const options = page.getByRole("listbox", { name: "Pairs" }).getByRole("option");
    const before = await options.count();
    const link = page.getByTestId("pair-detail").getByRole("link", { name: "Open the template" });
    retiredTemplate = (await link.getAttribute("href"))!;
    expect(retiredTemplate).toMatch(/^\/templates\?open=/);
    await page.keyboard.press("x");
    await expect(page.getByRole("status").filter({ hasText: "Template retired" })).toBeVisible();
    await expect(page.getByTestId("retired-since-preview")).toContainText("1 template retired");
    expect(await options.count()).toBeLessThan(before);
    // No pair left in the list links to the retired template.
    await expect(page.getByTestId("pair-detail").getByRole("link", { name: "Open the template" })).not.toHaveAttribute("href", retiredTemplate);
  });

  await test.step("a judge threshold of 5 keeps only score-5 pairs", async () => {
    const before = await page.getByTestId("funnel").innerText();
    const slider = page.getByRole("slider", { name: "Judge keep threshold" });
    await slider.focus();
    await page.keyboard.press("End");
    await expect(page.getByTestId("funnel")).not.toHaveText(before, { timeout: 120_000 });
    await expect(page.getByText("settings changed")).toHaveCount(0, { timeout: 120_000 });
    const all = await page.getByRole("listbox", { name: "Pairs" }).getByRole("option").evaluateAll((els) => els.map((e) => e.querySelector("span")?.textContent));
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((s) => s === "5")).toBe(true);
  });

  await test.step("save as a preset; the new-run form offers it", async () => {
    await page.getByRole("textbox", { name: "Preset name" }).fill("only fives");
    await page.getByRole("button", { name: "Save as preset" }).click();
    await expect(page.getByTestId("preset-saved")).toContainText("Saved “only fives” v1");
    await page.getByRole("link", { name: "Use it in a new run" }).click();
    await expect(page.getByRole("heading", { name: "New run" })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Preset" }).locator("option", { hasText: "only fives v1" })).toHaveCount(1);
  });

  await test.step("the retired template opens from its link, and r re-activates it", async () => {
    await page.goto(retiredTemplate);
    await expect(page.getByRole("button", { name: /^Activate/ })).toBeVisible();
    await page.keyboard.press("r");
    await expect(page.getByRole("button", { name: /^Retire/ })).toBeVisible();
  });

  expect(pageErrors).toEqual([]);
});
