// Workflows: the list → graph → state JSON slice, and managing workflows from the home page:
// create, search, import (file and pasted JSON, validated), duplicate, delete, version history
// with a diff and restore, and the overall executions list.
import type { Page, Locator } from '@playwright/test';
import { test, expect } from './console';

/** A click only works once the page is hydrated; retry it until `then` holds. */
async function clickUntil(button: Locator, then: Locator, timeout = 20_000) {
  await expect(async () => {
    await button.click();
    await expect(then).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout });
}

/** A unique name per run (the store is fresh per run, but tests may be repeated). */
function unique(base: string) {
  return `${base} ${Date.now().toString(36)}`;
}

function slug(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

async function openForm(page: Page, which: 'new-workflow' | 'import-workflow') {
  await page.goto('/');
  await clickUntil(page.getByTestId(which), page.getByTestId('new-workflow-form'));
}

test('home page lists the example workflows', async ({ page }) => {
  await page.goto('/');
  for (const id of ['hello-world', 'llm-analysis', 'readyset-optimization', 'db-health-report']) {
    await expect(page.locator(`a[href="/workflows/${id}"]`)).toBeVisible();
  }
});

test('a workflow is drawn as a graph, and clicking a state shows its JSON', async ({ page }) => {
  await page.goto('/');
  await page.locator('a[href="/workflows/llm-analysis"]').click();
  await expect(page).toHaveURL(/\/workflows\/llm-analysis$/);

  const states = ['GetDbSize', 'GetTableCount', 'AnalyzeWithLLM', 'LLMUnavailable'];
  for (const name of states) {
    await expect(page.locator(`svg g[data-state="${name}"]`)).toHaveCount(1);
  }
  await expect(page.locator('svg g[data-state]')).toHaveCount(states.length);
  await expect(page.locator('g[data-state="GetDbSize"]')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('definition-json')).toContainText('"StartAt": "GetDbSize"');

  // Only hydrated code reacts to a click; a click before hydration is lost, so retry it.
  const detail = page.getByTestId('step-detail');
  await expect(async () => {
    await page.locator('g[data-state="AnalyzeWithLLM"]').click();
    await expect(detail).toContainText('"Resource": "call_llm"', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(detail).toContainText('{{States.GetDbSize.');
  // Parameters the definition leaves out (provider, …) show as the function's default, not as
  // the first choice of their list.
  const selects = page.getByTestId('parameter-form').locator('select');
  await expect(selects).not.toHaveCount(0);
  for (const select of await selects.all()) await expect(select).toHaveValue('');

  await page.locator('g[data-state="GetTableCount"]').click();
  await expect(detail).toContainText('"Resource": "get_table_count"');
  await expect(detail).not.toContainText('call_llm');

  // Parameters given as paths (`"cache.$"`) show their path, marked as such.
  await page.goto('/workflows/readyset-optimization');
  await expect(async () => {
    await page.locator('g[data-state="ApplyCacheChanges"]').click();
    await expect(page.getByTestId('parameter-path')).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const paths = await page.getByTestId('parameter-path').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort());
  expect(paths).toEqual(['$.decision.json.cache', '$.decision.json.drop']);
});

test('create a workflow: it opens, appears in the list, and search finds it', async ({ page }) => {
  const name = unique('Order pipeline');
  await openForm(page, 'new-workflow');
  await expect(page.getByTestId('new-definition')).toHaveValue(/"StartAt": "Hello"/);
  await page.getByTestId('new-name').fill(name);
  await page.screenshot({ path: 'test-results/workflows-create.png', fullPage: true });
  await page.getByTestId('new-submit').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${slug(name)}$`));
  await expect(page.locator('g[data-state="Hello"]')).toHaveCount(1);

  await page.goto('/');
  await expect(page.locator(`tr[data-workflow="${slug(name)}"]`)).toBeVisible();
  const search = page.getByTestId('workflow-search');
  await expect(async () => {
    await search.fill('order PIPELINE');
    await expect(page.locator('tr[data-workflow]')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator(`tr[data-workflow="${slug(name)}"]`)).toBeVisible();
  await search.fill('no workflow is called this');
  await expect(page.getByTestId('no-workflows')).toBeVisible();
  await search.fill('');
  await expect(page.locator('tr[data-workflow="hello-world"]')).toBeVisible();
});

test.describe('import', () => {
// The rejected imports answer 400, which Chromium logs as a failed resource load.
test.use({ consoleAllowed: [/status of 400 \(Bad Request\)/] });

test('import: a valid file is saved; invalid pasted JSON shows its problems with paths', async ({ page }) => {
  await openForm(page, 'import-workflow');
  // Not ASL: problems listed with their JSON pointers, nothing saved.
  await page.getByTestId('new-name').fill('broken import');
  await page.getByTestId('new-definition').fill(
    JSON.stringify({ StartAt: 'Missing', States: { A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Succeed' } } }, null, 2),
  );
  await page.getByTestId('new-submit').click();
  const problems = page.getByTestId('problems');
  await expect(problems).toBeVisible();
  await expect(problems.locator('[data-problem-path="/States/A/Next"]')).toBeVisible();
  await expect(problems.locator('[data-problem-path="/StartAt"]')).toBeVisible();
  // Not JSON at all: one problem at the root, with the line.
  await page.getByTestId('new-definition').fill('{\n  "StartAt": ');
  await page.getByTestId('new-submit').click();
  await expect(problems).toContainText('INVALID_JSON');
  await expect(problems).toContainText('line 2');
  await page.screenshot({ path: 'test-results/workflows-import-invalid.png', fullPage: true });
  await expect(page).toHaveURL(/\/$/);

  // A valid file: its name becomes the workflow's name.
  const name = `imported-${Date.now().toString(36)}`;
  const definition = { Comment: 'From a file', StartAt: 'Only', States: { Only: { Type: 'Succeed' } } };
  await page.getByTestId('new-name').fill('');
  await page.getByTestId('import-file').setInputFiles({
    name: `${name}.asl.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(definition)),
  });
  await expect(page.getByTestId('new-definition')).toHaveValue(/From a file/);
  await expect(page.getByTestId('new-name')).toHaveValue(name);
  await page.getByTestId('new-submit').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${name}$`));
  await expect(page.locator('g[data-state="Only"]')).toHaveCount(1);
});
});

test('duplicate copies a workflow under a new name', async ({ page, request }) => {
  await page.goto('/');
  const row = page.locator('tr[data-workflow="llm-analysis"]');
  await clickUntil(row.getByTestId('duplicate'), page.getByTestId('duplicate-name'));
  const name = unique('LLM analysis copy');
  await page.getByTestId('duplicate-name').fill(name);
  await page.getByTestId('duplicate-confirm').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${slug(name)}$`));
  await expect(page.locator('g[data-state="AnalyzeWithLLM"]')).toHaveCount(1);
  const [copy, original] = await Promise.all(
    [slug(name), 'llm-analysis'].map(async (id) => (await request.get(`/api/workflows/${id}`)).json()),
  );
  expect(copy.definition).toEqual(original.definition);

  // The suggested name is never one the list already has.
  const base = unique('Twice copied');
  const definition = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
  for (const n of [base, `${base} copy`]) {
    expect((await request.post('/api/workflows', { data: { name: n, definition } })).status()).toBe(201);
  }
  await page.goto('/');
  await clickUntil(page.locator(`tr[data-workflow="${slug(base)}"]`).getByTestId('duplicate'), page.getByTestId('duplicate-name'));
  await expect(page.getByTestId('duplicate-name')).toHaveValue(`${base} copy 2`);
});

test.describe('taken names', () => {
// A refused name answers 409, which Chromium logs as a failed resource load.
test.use({ consoleAllowed: [/status of 409 \(Conflict\)/] });

test('a name another workflow has is refused beside the name field: create, import, duplicate', async ({ page, request }) => {
  const name = unique('Taken name');
  const definition = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
  expect((await request.post('/api/workflows', { data: { name, definition } })).status()).toBe(201);
  // The REST API: 409 with its JSON error; names compare trimmed and without case, and the
  // error names the workflow that has the name, as it has it, with its id.
  const conflict = await request.post('/api/workflows', { data: { name: `  ${name.toUpperCase()} `, definition } });
  expect(conflict.status()).toBe(409);
  expect(await conflict.json()).toEqual({
    code: 'NAME_TAKEN',
    message: `a workflow named '${name}' already exists`,
    existing: { id: slug(name), name },
  });
  // The forms name it as it is, whatever was typed, with a link to it.
  const refusal = `“${name}” already exists Open it`;

  // Create: the refusal sits beside the name, not in the problem list; nothing is saved; typing
  // another name takes it away.
  await openForm(page, 'new-workflow');
  await page.getByTestId('new-name').fill(name.toLowerCase());
  await page.getByTestId('new-submit').click();
  const form = page.getByTestId('new-workflow-form');
  await expect(form.getByTestId('name-taken')).toHaveText(refusal);
  await expect(page.getByTestId('new-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('problems')).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);
  await page.screenshot({ path: 'test-results/workflows-name-taken.png', fullPage: true });
  await page.getByTestId('new-name').fill(`${name} 2`);
  await expect(form.getByTestId('name-taken')).toHaveCount(0);

  // Import: the same.
  await openForm(page, 'import-workflow');
  await page.getByTestId('new-name').fill(name);
  await page.getByTestId('new-definition').fill(JSON.stringify(definition));
  await page.getByTestId('new-submit').click();
  await expect(page.getByTestId('new-workflow-form').getByTestId('name-taken')).toHaveText(refusal);
  await expect(page).toHaveURL(/\/$/);

  // Duplicate: in its row, beside the copy's name.
  await page.goto('/');
  await clickUntil(page.locator('tr[data-workflow="hello-world"]').getByTestId('duplicate'), page.getByTestId('duplicate-name'));
  await page.getByTestId('duplicate-name').fill(name);
  await page.getByTestId('duplicate-confirm').click();
  const row = page.getByTestId('duplicate-name').locator('xpath=ancestor::td[1]');
  await expect(row.getByTestId('name-taken')).toHaveText(refusal);
  await expect(page).toHaveURL(/\/$/);

  const list: { name: string }[] = await (await request.get('/api/workflows')).json();
  expect(list.filter((w) => w.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  // Its link opens the workflow that has the name.
  await row.getByTestId('name-taken-open').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${slug(name)}$`));
});
});

test('delete asks first, then removes the workflow; its executions stay viewable', async ({ page, request }) => {
  const created = await (await request.post('/api/workflows', {
    data: { name: unique('short lived'), definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
  })).json();
  const exec = (await (await request.post(`/api/workflows/${created.id}/executions`, { data: { input: {} } })).json()).executionId;
  await page.goto('/');
  const row = page.locator(`tr[data-workflow="${created.id}"]`);
  await clickUntil(row.getByTestId('delete'), page.getByTestId('delete-confirm'));
  await page.screenshot({ path: 'test-results/workflows-delete-confirm.png', fullPage: true });
  await page.getByTestId('delete-confirm').click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.locator('tr[data-workflow="hello-world"]')).toBeVisible();
  await expect(page.locator(`tr[data-workflow="${created.id}"]`)).toHaveCount(0);
  expect((await request.get(`/api/workflows/${created.id}`)).status()).toBe(404);
  // The execution still opens, with its graph.
  await page.goto(`/executions/${exec}`);
  await expect(page.locator('g[data-state="P"]')).toHaveAttribute('data-status', 'succeeded', { timeout: 10_000 });
  // The executions list names the workflow as deleted, without a link to its gone page.
  await page.goto('/executions');
  const listed = page.locator(`tr[data-execution="${exec}"]`);
  await expect(listed.getByTestId('workflow-deleted')).toHaveText(`${created.id} (deleted)`);
  await expect(listed.getByTestId('workflow-link')).toHaveCount(0);
});

test('version history: diff between two saves, then restore the first', async ({ page, request }) => {
  const def = (state: string) => ({ StartAt: state, States: { [state]: { Type: 'Pass', End: true } } });
  const { id } = await (await request.post('/api/workflows', { data: { name: unique('versioned'), definition: def('First') } })).json();
  expect((await request.put(`/api/workflows/${id}`, { data: { definition: def('Second') } })).ok()).toBe(true);
  const long = 'A long comment that a narrow diff must wrap rather than clip. '.repeat(8).trim();
  expect((await request.put(`/api/workflows/${id}`, { data: { definition: { Comment: long, ...def('Third') } } })).ok()).toBe(true);

  await page.goto(`/workflows/${id}/versions`);
  await expect(page.locator('[data-testid="version-list"] tr[data-version]')).toHaveCount(3);
  const diff = page.getByTestId('version-diff');
  // Default: the last two versions.
  await expect(diff.locator('[data-kind="removed"]', { hasText: '"StartAt": "Second"' })).toBeVisible();
  await expect(diff.locator('[data-kind="added"]', { hasText: '"StartAt": "Third"' })).toBeVisible();
  // A long line wraps inside the pane (nothing to scroll sideways, so its colour spans it).
  await expect(diff.locator('[data-kind="added"]', { hasText: 'must wrap' })).toBeVisible();
  expect(await diff.evaluate((d) => d.scrollWidth - d.clientWidth)).toBeLessThanOrEqual(0);
  // Any two versions.
  await expect(async () => {
    await page.getByTestId('diff-from').selectOption('1');
    await expect(diff.locator('[data-kind="removed"]', { hasText: '"StartAt": "First"' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.screenshot({ path: 'test-results/workflows-versions.png', fullPage: true });

  // Every Restore button sits inside the versions card (a wide row once pushed it under the diff).
  const card = (await page.getByTestId('version-list').locator('xpath=ancestor::section[1]').boundingBox())!;
  for (const button of await page.getByTestId('restore').all()) {
    const b = (await button.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(card.x + card.width);
  }
  await page.locator('tr[data-version="1"]').getByTestId('restore').click();
  await expect(page.getByTestId('restored')).toContainText('version 4');
  await expect(page.locator('[data-testid="version-list"] tr[data-version]')).toHaveCount(4);
  const latest = await (await request.get(`/api/workflows/${id}`)).json();
  expect(latest.definition).toEqual(def('First'));
  expect(latest.version).toBe(4);

  // An older version opens in the editor from its row, marked as not the latest.
  await page.locator('tr[data-version="2"]').getByTestId('open-version').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}\\?version=2$`));
  await expect(page.getByTestId('old-version')).toContainText('version 2');
  await expect(page.getByTestId('old-version')).toContainText('latest is version 4');
  await expect(page.locator('g[data-state="Second"]')).toHaveCount(1);
});

test('the executions page lists every run and filters by status', async ({ page, request }) => {
  const ok = (await (await request.post('/api/workflows/hello-world/executions', { data: { input: { name: 'list' } } })).json()).executionId;
  const failing = await (await request.post('/api/workflows', {
    data: { name: unique('always fails'), definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Nope' } } } },
  })).json();
  const bad = (await (await request.post(`/api/workflows/${failing.id}/executions`, { data: {} })).json()).executionId;
  await expect.poll(async () => (await (await request.get(`/api/executions/${bad}`)).json()).status).toBe('FAILED');
  await expect.poll(async () => (await (await request.get(`/api/executions/${ok}`)).json()).status).toBe('SUCCEEDED');

  await page.goto('/');
  await page.getByTestId('nav-executions').click();
  await expect(page).toHaveURL(/\/executions$/);
  const list = page.getByTestId('execution-list');
  await expect(list.locator(`tr[data-execution="${ok}"]`)).toBeVisible();
  await expect(list.locator(`tr[data-execution="${bad}"]`)).toBeVisible();
  await expect(list.locator(`tr[data-execution="${bad}"] a[href="/workflows/${failing.id}"]`)).toBeVisible();
  await expect(async () => {
    await page.getByTestId('execution-filter').selectOption('FAILED');
    await expect(list.locator(`tr[data-execution="${ok}"]`)).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(list.locator(`tr[data-execution="${bad}"]`)).toBeVisible();
  await expect(list.locator('tr[data-execution]:not([data-status="failed"])')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/executions-failed.png', fullPage: true });
  await list.locator(`tr[data-execution="${bad}"] a[href="/executions/${bad}"]`).click();
  await expect(page.getByTestId('execution-status')).toHaveText('Failed', { timeout: 10_000 });
});
