// Refreshes the README screenshots (docs/screenshot.png, docs/tune.png, docs/template-documents.png): `SCREENSHOT=1 npx playwright test e2e/screenshot.spec.ts`.
// Skipped in normal runs so `npm test` does not rewrite a tracked file.
import { expect, test, type Page } from "@playwright/test";

test.skip(!process.env.SCREENSHOT, "set SCREENSHOT=1 to refresh the README screenshots");

/** Opens the nth template with that many variables in the detail panel. */
async function openTemplate(page: Page, variables: number, nth: number) {
  await page.setViewportSize({ width: 1440, height: variables === 2 ? 860 : 900 });
  await page.goto(`/templates?vars=${variables}`);
  const rows = page.getByRole("grid", { name: "Templates" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  await rows.nth(nth).click();
  return page.getByTestId("detail-panel");
}

test("README screenshot", async ({ page }) => {
  const panel = await openTemplate(page, 2, 3);
  await expect(panel.getByTestId("template-text").first()).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: "docs/screenshot.png" });
});

test("README screenshot: tune", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/tune");
  const corpus = page.getByRole("combobox", { name: "Corpus" });
  await corpus.selectOption((await corpus.locator("option", { hasText: "wikipedia-sample" }).getAttribute("value"))!);
  await expect(page.getByTestId("pairs-per-doc")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("chart-judge").locator("svg.recharts-surface").first()).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/tune.png" });
});

test("README screenshot: a template's documents", async ({ page }) => {
  const panel = await openTemplate(page, 1, 1);
  await panel.getByRole("button", { name: /Find documents/ }).click();
  const items = panel.getByRole("list", { name: "Matching documents" }).locator("li");
  await expect(items.first()).toBeVisible({ timeout: 60_000 });
  await items.nth(Math.min(2, (await items.count()) - 1)).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: "docs/template-documents.png" });
});
