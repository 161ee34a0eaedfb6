// A run launched from the browser on the bundled sample corpus: the form's forecast, the launch, the live run page
// until it completes (on the worker `npm start` runs in-process), its charts, shard map and outputs.
import { expect, test } from "@playwright/test";

test("launch a run on the sample corpus from the browser and see it complete with its charts", async ({ page }) => {
  test.setTimeout(360_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await test.step("the new-run form forecasts on a sample", async () => {
    await page.goto("/runs");
    await expect(page.getByRole("heading", { name: "Runs" })).toBeVisible();
    await page.getByRole("link", { name: "New run" }).first().click();
    await expect(page.getByRole("heading", { name: "New run" })).toBeVisible();
    const corpus = page.getByRole("combobox", { name: "Corpus" });
    const value = await corpus.locator("option", { hasText: "wikipedia-sample" }).getAttribute("value");
    expect(value).toBeTruthy();
    await corpus.selectOption(value!);
    await page.getByRole("spinbutton", { name: "Document limit" }).fill("120");
    await page.getByRole("spinbutton", { name: "Shard size" }).fill("40");
    await page.getByRole("spinbutton", { name: "Seed" }).fill("3");
    await page.getByRole("button", { name: "Compute forecast" }).click();
    await expect(page.getByTestId("forecast-pairs")).toBeVisible({ timeout: 120_000 });
    expect(Number((await page.getByTestId("forecast-pairs").innerText()).replace(/[^\d]/g, ""))).toBeGreaterThan(0);
  });

  await test.step("launch: the run page follows it live until it completes", async () => {
    await page.getByRole("button", { name: "Launch run" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/, { timeout: 60_000 });
    await expect(page.getByTestId("shard-map").locator("span")).toHaveCount(3);
    await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 240_000 });
    await expect(page.getByTestId("run-progress")).toHaveText("100.0%");
    await expect(page.getByTestId("shard-map").locator('span[data-state="done"]')).toHaveCount(3);
    expect(Number((await page.getByTestId("run-pairs").innerText()).replace(/[^\d]/g, ""))).toBeGreaterThan(0);
  });

  await test.step("charts, outputs and the audit sample", async () => {
    for (const chart of ["chart-judge", "chart-complexity", "chart-usage", "chart-position"]) {
      await expect(page.getByTestId(chart).locator("svg.recharts-surface").first()).toBeVisible();
    }
    await expect(page.getByTestId("chart-judge").locator(".recharts-bar-rectangle").first()).toBeVisible();
    const outputs = page.getByTestId("outputs");
    for (const f of ["manifest.json", "README.md", "part-00000.parquet", "part-00002.parquet", "templates.jsonl"]) await expect(outputs).toContainText(f);
    await page.getByRole("button", { name: "Export JSONL" }).click();
    await expect(page.getByText(/pairs → .*pairs\.jsonl/)).toBeVisible({ timeout: 60_000 });
  });

  await test.step("the SQL console queries the run's outputs in the browser (duckdb-wasm over an Arrow sample)", async () => {
    const pairs = Number((await page.getByTestId("run-pairs").innerText()).replace(/[^\d]/g, ""));
    const sql = page.getByTestId("sql-console");
    await sql.getByLabel("SQL").fill("SELECT count(*) AS n, count(DISTINCT warc_record_id) AS docs, min(judge_score) AS min_score FROM pairs");
    await sql.getByRole("button", { name: /Run/ }).click();
    const result = sql.getByTestId("sql-result");
    await expect(result).toBeVisible({ timeout: 60_000 });
    const cells = await result.locator("tbody td").allInnerTexts();
    expect(Number(cells[0])).toBe(Math.min(pairs, 10_000));
    expect(Number(cells[1])).toBeGreaterThan(0);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(4); // only kept pairs (judge threshold 4) are written
    await expect(sql).toContainText("computed on a sample of");
  });

  await test.step("the runs list shows it completed", async () => {
    await page.getByRole("link", { name: "All runs" }).click();
    const table = page.getByRole("table", { name: "Runs" });
    await expect(table.getByText("completed").first()).toBeVisible();
  });

  expect(pageErrors).toEqual([]);
});
