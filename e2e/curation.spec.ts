// Curating the template bank: bulk actions apply to the whole filtered set (not only the loaded rows), an edit makes
// a new version, the theme choice survives a reload, and oversized uploads are refused with a clear message.
import { expect, test } from "@playwright/test";

const RUN = Date.now().toString(36);

test("bulk-tag and retire a filtered set, edit a template into version 2", async ({ page }) => {
  // A small bank of our own, so counts are exact whatever the sample holds.
  const lines = Array.from({ length: 130 }, (_, i) =>
    JSON.stringify({ id: `cur-${RUN}-${i}`, template: `How tall is <fi>a building</fi> number ${i} in Quixotic${RUN} city?` }),
  );
  const up = await page.request.post(`/api/upload?kind=templates&format=jsonl&fileName=cur.jsonl&source=cur-${RUN}`, {
    data: Buffer.from(lines.join("\n") + "\n"),
    headers: { "content-type": "application/octet-stream" },
  });
  expect(up.ok(), await up.text()).toBeTruthy();
  expect((await up.json()).imported).toBe(130);

  await page.goto(`/templates?source=cur-${RUN}`);
  await expect(page.getByTestId("result-count")).toHaveText("130 matching");
  // 100 rows per page: the bulk action must still reach all 130.
  await page.getByRole("button", { name: "Bulk actions" }).click();
  await page.getByRole("menuitem", { name: "Add a tag to all matching…" }).click();
  const dialog = page.getByRole("dialog", { name: "Tag templates" });
  await expect(dialog).toContainText("130");
  await dialog.getByLabel("Tag").fill(`batch-${RUN}`);
  await dialog.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByText("Updated 130 templates")).toBeVisible();

  await page.goto(`/templates?tags=batch-${RUN}`);
  await expect(page.getByTestId("result-count")).toHaveText("130 matching");
  // The tag facet counts the new tag from the pre-aggregates.
  await expect(page.getByRole("navigation", { name: "Filters" }).getByText(`batch-${RUN}`)).toBeVisible();

  await page.getByRole("button", { name: "Bulk actions" }).click();
  await page.getByRole("menuitem", { name: "Retire all matching" }).click();
  await page.getByRole("dialog", { name: "Retire templates" }).getByRole("button", { name: "Retire all" }).click();
  await expect(page.getByText("Updated 130 templates")).toBeVisible();
  await page.goto(`/templates?tags=batch-${RUN}&status=active`);
  await expect(page.getByText("No template matches")).toBeVisible();
  await expect(page.getByRole("grid", { name: "Templates" }).locator("tbody tr")).toHaveCount(0);
  await page.goto(`/templates?tags=batch-${RUN}&status=retired`);
  // Rows are virtualised (only those on screen are in the DOM): the footer tells how many are loaded.
  await expect(page.getByRole("grid", { name: "Templates" }).locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("table-count")).toHaveText(/^100 shown( of 130| \(more available\))$/);

  // Edit one: a new version becomes current, the old one stays listed.
  await page.goto(`/templates?open=cur-${RUN}-7`);
  const panel = page.getByTestId("detail-panel");
  await expect(panel.getByText("version 1")).toBeVisible();
  await panel.getByRole("button", { name: /^Edit/ }).click();
  await panel.getByLabel("Template text").fill(`How tall is <fi>a building</fi> in <fi>a city</fi>, Quixotic${RUN} edition?`);
  await panel.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  await expect(panel.getByText("version 2")).toBeVisible();
  await expect(panel.getByText("Versions (2)")).toBeVisible();
  await expect(panel.locator("[data-variable='a city']").first()).toBeVisible();

  // Broken markup cannot be saved.
  await panel.getByRole("button", { name: /^Edit/ }).click();
  await panel.getByLabel("Template text").fill(`Broken <fi>unclosed`);
  await expect(panel.getByRole("alert")).toContainText("never closed");
  await expect(panel.getByRole("button", { name: "Save as version 3" })).toBeDisabled();
});

test("the theme choice is kept across reloads", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("an upload over the size limit is refused with a clear message, and nothing is imported", async ({ request }) => {
  // playwright.config.ts starts the studio with FISTUDIO_MAX_UPLOAD_MB=8.
  const big = Buffer.alloc(9 * 1024 * 1024, "a");
  const res = await request.post(`/api/upload?kind=queries&format=jsonl&fileName=big.jsonl`, {
    data: big,
    headers: { "content-type": "application/octet-stream" },
  });
  expect(res.status()).toBe(413);
  expect((await res.json()).error).toMatch(/larger than the upload limit of 8 MB/);
  const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
  const history = await request.get(`/api/trpc/imports.list?input=${input}`);
  expect(history.ok()).toBeTruthy();
  const items = (await history.json()).result.data.json.items as { fileName: string }[];
  expect(items.length).toBeGreaterThan(0); // the sample's own imports are listed
  expect(items.map((i) => i.fileName)).not.toContain("big.jsonl");
});

test("the template table loads the next page as it scrolls, and sorting is in the URL", async ({ page }) => {
  await page.goto("/templates");
  const count = page.getByTestId("table-count");
  await expect(count).toHaveText(/^100 shown/);
  const scroller = page.getByTestId("table-scroll");
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(count).toHaveText(/^200 shown/);
  // Rows stay virtualised: far fewer <tr> than loaded rows.
  expect(await page.getByRole("grid", { name: "Templates" }).locator("tbody tr").count()).toBeLessThan(100);

  await page.getByRole("columnheader", { name: /Vars/ }).getByRole("button").click();
  await expect(page).toHaveURL(/sort=variableCount/);
  await expect(page.getByRole("grid", { name: "Templates" })).toHaveAttribute("data-stale", "false");
  await expect(count).toHaveText(/^100 shown/); // a new sort starts again from the first page, at the top
  await expect(page.getByRole("columnheader", { name: /Vars/ })).toHaveAttribute("aria-sort", /descending|ascending/);
  const first = Number(await page.getByRole("grid", { name: "Templates" }).locator("tbody tr").first().locator("td").nth(1).innerText());
  const dir = (await page.getByRole("columnheader", { name: /Vars/ }).getAttribute("aria-sort")) === "descending" ? -1 : 1;
  const second = Number(await page.getByRole("grid", { name: "Templates" }).locator("tbody tr").nth(1).locator("td").nth(1).innerText());
  expect(dir * (second - first)).toBeGreaterThanOrEqual(0);
});

test("sorting by 'Asked' puts the templates most source queries merged into first", async ({ page }) => {
  await page.goto("/templates");
  const grid = page.getByRole("grid", { name: "Templates" });
  const header = page.getByRole("columnheader", { name: /Asked/ });
  await header.getByRole("button").click();
  await expect(page).toHaveURL(/sort=support/);
  if ((await header.getAttribute("aria-sort")) !== "descending") await header.getByRole("button").click();
  await expect(header).toHaveAttribute("aria-sort", "descending");
  await expect(grid).toHaveAttribute("data-stale", "false");
  const asked = async (n: number) => Number((await grid.locator("tbody tr").nth(n).locator("td").nth(2).innerText()).replace(/,/g, ""));
  // The sample's queries genericize into some templates that several queries merge into.
  expect(await asked(0)).toBeGreaterThan(1);
  expect(await asked(0)).toBeGreaterThanOrEqual(await asked(1));
  await grid.locator("tbody tr").first().click();
  const panel = page.getByTestId("detail-panel");
  await expect(panel).toContainText(`Asked by${await asked(0)} source queries`);
  // The queries behind that count: its own and the ones merged into it.
  const merged = panel.getByRole("list", { name: "Merged queries" });
  await expect(merged.locator("li")).toHaveCount(Math.min(50, (await asked(0)) - 1));
  // A merged query is "merged", not rejected, and links back to the template it joined.
  await merged.getByRole("link", { name: "open query" }).first().click();
  const queryPanel = page.getByTestId("detail-panel");
  await expect(queryPanel.getByText("merged", { exact: true })).toBeVisible();
  await expect(queryPanel).toContainText("joined as a duplicate");
});

test("a template lists the documents it matches, with its pair on each, and opens one", async ({ page }) => {
  const up = await page.request.post(`/api/upload?kind=templates&format=jsonl&fileName=reach.jsonl&source=reach-${RUN}`, {
    data: Buffer.from(JSON.stringify({ id: `reach-${RUN}`, template: "When was <fi>a building</fi> built?" }) + "\n"),
    headers: { "content-type": "application/octet-stream" },
  });
  expect(up.ok(), await up.text()).toBeTruthy();
  await page.goto(`/templates?open=reach-${RUN}`);
  const panel = page.getByTestId("detail-panel");
  // The key needs a corpus to search: wait until the corpus list has loaded.
  await expect(panel.getByRole("combobox", { name: "Corpus" })).not.toHaveValue("");
  await page.keyboard.press("d");
  const list = panel.getByRole("list", { name: "Matching documents" });
  await expect(list.locator("li").first()).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(/^Eligible on \d+ of \d+ candidate documents/)).toBeVisible();
  await expect(list.locator("li").first()).toContainText(/#\d+ of \d+|below the match threshold|not among|no view can fill/);
  const first = list.locator("li").first().getByRole("link");
  const title = await first.textContent();
  await first.click();
  await expect(page).toHaveURL(/\/corpora\/\d+\?open=/);
  await expect(page.getByTestId("detail-panel")).toContainText(title!.trim());
});
