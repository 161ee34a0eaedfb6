// A newcomer's first visit: the bundled sample is there, a file with bad lines is imported and its report read,
// templates are searched and opened, a corpus is browsed and a document opened with its text shown as text.
import { expect, test, type Page } from "@playwright/test";

const RUN = Date.now().toString(36);

function jsonl(lines: string[]): Buffer {
  return Buffer.from(lines.join("\n") + "\n", "utf8");
}

async function statValue(page: Page, label: string): Promise<number> {
  const text = await page.getByTestId(`stat-${label}`).getByTestId("stat-value").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

async function uploadInUi(page: Page, opts: { kind: "Queries" | "Documents" | "Templates"; name: string; body: Buffer; source: string }) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" }).click();
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  await page.getByRole("radio", { name: opts.kind }).click();
  await page.getByLabel("File to import").setInputFiles({ name: opts.name, mimeType: "application/x-ndjson", buffer: opts.body });
  await page.getByLabel("Source name").fill(opts.source);
  await page.getByRole("button", { name: `Import ${opts.kind.toLowerCase()}` }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report.getByText("completed")).toBeVisible({ timeout: 60_000 });
  return report;
}

test("a newcomer explores the sample, imports files with bad lines, searches templates and reads a document", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await test.step("the dashboard shows the bundled sample", async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByTestId("stat-queries").getByTestId("stat-value")).not.toHaveText("0");
    // The sample ships about 5,000 queries and 2,000 documents.
    expect(await statValue(page, "queries")).toBeGreaterThanOrEqual(1000);
    expect(await statValue(page, "documents")).toBeGreaterThanOrEqual(1000);
    expect(await statValue(page, "corpora")).toBeGreaterThanOrEqual(1);
  });

  await test.step("the engine's review tag leads from the dashboard to the templates whose variable it could not describe", async () => {
    const review = page.getByTestId("templates-to-review");
    await expect(review).toBeVisible();
    await review.getByRole("link", { name: /Say what fits/ }).click();
    await expect(page).toHaveURL(/tags=check%3Avague-description/);
    const rows = page.getByRole("grid", { name: "Templates" }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    for (let i = 0; i < Math.min(5, await rows.count()); i++) {
      await expect(rows.nth(i)).toContainText(/a thing or concept|a name/);
      await expect(rows.nth(i)).toContainText("check:vague-description");
    }
    // The panel marks the variable that says nothing and says how to clear the tag.
    await rows.first().click();
    const panel = page.getByTestId("detail-panel");
    await expect(panel.getByTestId("vague-variable").first()).toBeVisible();
    await expect(panel.getByText(/clears the tag check:vague-description/)).toBeVisible();
    await page.keyboard.press("Escape");
  });

  await test.step("a queries file with bad lines: good lines imported, bad ones reported by line number", async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 40; i++) lines.push(JSON.stringify({ id: `e2e-${RUN}-${i}`, text: `How does e2e check number ${i} of run ${RUN} behave?` }));
    lines[2] = `{"id": "broken-json-${RUN}", "text": "unterminated`; // line 3
    lines[6] = `this is not json at all`; // line 7
    lines[11] = JSON.stringify({ id: `no-text-${RUN}` }); // line 12: no text
    const body = jsonl(lines);
    const report = await uploadInUi(page, { kind: "Queries", name: `queries-${RUN}.jsonl`, body, source: `e2e-${RUN}` });
    await expect(report.getByTestId("report-imported")).toHaveText("37");
    await expect(report.getByTestId("report-bad-lines")).toHaveText("3");
    const badRows = report.getByRole("table", { name: "Bad lines" }).locator("tbody tr");
    await expect(badRows).toHaveCount(3);
    await expect(badRows.nth(0).locator("td").first()).toHaveText("3");
    await expect(badRows.nth(1).locator("td").first()).toHaveText("7");
    await expect(badRows.nth(2).locator("td").first()).toHaveText("12");
    // The same file again adds nothing twice.
    await page.getByRole("button", { name: "Close detail" }).click();
    const again = await uploadInUi(page, { kind: "Queries", name: `queries-${RUN}.jsonl`, body, source: `e2e-${RUN}` });
    await expect(again.getByTestId("report-imported")).toHaveText("0");
    await expect(again.getByTestId("report-duplicates")).toHaveText("37");
    // The history keeps both imports.
    await expect(page.getByRole("table", { name: "Imports" }).locator("tbody tr").filter({ hasText: `queries-${RUN}.jsonl` })).toHaveCount(2);
  });

  await test.step("templates: import a small bank, search it and open a template with its variables highlighted", async () => {
    const body = jsonl([
      JSON.stringify({ id: `tpl-a-${RUN}`, template: `Which <fi>a species of marsupial</fi> lives on Zanzibar${RUN} island?`, compatible_document_description: "A text about wildlife on islands" }),
      JSON.stringify({ id: `tpl-b-${RUN}`, template: `When did <fi>a person</fi> first visit Zanzibar${RUN} in <fi>a year</fi>?` }),
      JSON.stringify({ id: `tpl-c-${RUN}`, template: `Why is <fi>unclosed variable Zanzibar${RUN}?` }), // line 3: unbalanced <fi>
    ]);
    const report = await uploadInUi(page, { kind: "Templates", name: `bank-${RUN}.jsonl`, body, source: `e2e-bank-${RUN}` });
    await expect(report.getByTestId("report-imported")).toHaveText("2");
    await expect(report.getByTestId("report-bad-lines")).toHaveText("1");
    await expect(report.getByRole("table", { name: "Bad lines" }).locator("tbody tr td").first()).toHaveText("3");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { name: "Templates" })).toBeVisible();
    await page.getByLabel("Search templates").fill(`Zanzibar${RUN}`);
    const rows = page.getByRole("grid", { name: "Templates" }).locator("tbody tr");
    await expect(rows).toHaveCount(2);
    // A search is counted exactly when small and quick, else estimated ("≈"): the rows above are the exact truth.
    await expect(page.getByTestId("result-count")).toHaveText(/^(≈ )?\d+ matching$/);
    // The search is in the URL: a shared link reopens the same view.
    await expect(page).toHaveURL(new RegExp(`q=Zanzibar${RUN}`, "i"));
    await rows.filter({ hasText: "marsupial" }).click();
    const panel = page.getByTestId("detail-panel");
    await expect(panel).toBeVisible();
    await expect(panel.locator("[data-variable='a species of marsupial']").first()).toBeVisible();
    await expect(panel.getByText("A text about wildlife on islands")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`open=tpl-a-${RUN}`));
    await page.reload();
    await expect(page.getByTestId("detail-panel").locator("[data-variable='a species of marsupial']").first()).toBeVisible();
  });

  await test.step("browse the sample corpus: full-text search and a document's text", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corpora" }).click();
    const corpora = page.getByRole("table", { name: "Corpora" });
    await expect(corpora).toBeVisible();
    await corpora.locator("tbody tr").first().getByRole("link").click();
    const rows = page.getByRole("grid", { name: "Documents" }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    await rows.first().click();
    const text = page.getByTestId("document-text");
    await expect(text).toBeVisible();
    const full = await text.innerText();
    expect(full.length).toBeGreaterThan(50);
    // Its views and the templates each view matched; a written match shows its answer's excerpts in the text.
    // Not every document yields a pair (a flattened cast list may not): look through the first rows for one.
    const views = page.getByTestId("document-views");
    await expect(views).toBeVisible({ timeout: 90_000 });
    await expect(views.getByRole("button", { name: /^View \d+$/ })).toHaveCount(6);
    const written = page.getByTestId("document-matches").locator("li", { hasText: "written" });
    for (let i = 1; i < 10 && (await written.count()) === 0; i++) {
      await rows.nth(i).click();
      await expect(views).toBeVisible({ timeout: 60_000 });
    }
    await written.first().getByRole("button").click();
    await expect(text.locator("mark[data-excerpt]").first()).toBeVisible();
    // Search for a distinctive word of that document: it must be found again.
    const word = (full.match(/\b[A-Za-z]{9,}\b/g) ?? [])[0];
    expect(word, "a long word in the first document").toBeTruthy();
    await page.getByLabel("Search documents").fill(word!);
    await expect(page).toHaveURL(new RegExp(`q=${word}`));
    await expect(page.getByTestId("result-count")).not.toHaveText(/^(≈ )?(0|…) matching$/);
    await expect(rows.first()).toBeVisible();
  });

  await test.step("markup in a document is shown as text, never rendered as HTML", async () => {
    const corpus = `e2e-markup-${RUN}`;
    const doc = {
      id: `markup-${RUN}`,
      title: `Markup ${RUN}`,
      text: `Plain words, then <b>bold claim</b> and <img src="x" onerror="window.__pwned=1"> and <script>window.__pwned=2</script> end.`,
    };
    const res = await page.request.post(`/api/upload?kind=documents&format=jsonl&fileName=markup.jsonl&corpus=${corpus}&source=${corpus}`, {
      data: jsonl([JSON.stringify(doc)]),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
    expect((await res.json()).imported).toBe(1);

    await page.goto("/corpora");
    await page.getByRole("link", { name: corpus }).click();
    await page.getByRole("grid", { name: "Documents" }).locator("tbody tr").first().click();
    const text = page.getByTestId("document-text");
    await expect(text).toContainText("<b>bold claim</b>");
    await expect(text).toContainText(`<img src="x" onerror="window.__pwned=1">`);
    await expect(text.locator("b")).toHaveCount(0);
    await expect(text.locator("img")).toHaveCount(0);
    await expect(text.locator("script")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  expect(pageErrors).toEqual([]);
});
