// Run and watch: start an execution from the workflow page, follow it live on
// /executions/{id} (nodes coloured from the SSE stream), inspect steps, and render LLM answers
// inertly. LLM calls go to a loopback fake (tests/fake-llm.ts).
import type { Page, APIRequestContext } from '@playwright/test';
import type { Server } from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeLlm } from './fake-llm';
import { test, expect } from './console';

test.use({ viewport: { width: 1280, height: 800 } });

const SHOTS = path.join(__dirname, '..', 'screenshots');

/** Keeps a screenshot of the execution view in end2end/screenshots/ (looked at by people). */
async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

let llm: Server;

test.beforeAll(async () => {
  llm = await startFakeLlm(
    [
      { when: 'XSS-CHECK', answer: '# Findings\n\n<script>window.__xss = 1</script>\n\nText <img src=x onerror="window.__xss = 2"> and **bold advice**.\n\n- [bad](javascript:window.__xss=3)\n' },
      { when: 'FAIL-400', status: 400, answer: '{"error":{"message":"the model refuses","type":"invalid_request_error"}}' },
      { when: 'REDRIVE-ONCE', status: 400, times: 1, answer: '{"error":{"message":"the model is not ready yet","type":"invalid_request_error"}}' },
      { when: 'REDRIVE-ONCE', answer: 'Recovered on the **second** try.' },
      { when: 'RETRY-ONCE', status: 400, times: 1, answer: '{"error":{"message":"busy, try again","type":"invalid_request_error"}}' },
      { when: 'RETRY-ONCE', answer: 'Fine on the retry.' },
      { when: 'SLOW-RENDER', answer: 'Streaming words arrive. '.repeat(24) + '**The end.**' },
      { when: 'The database is', answer: '- **Size**: small for one server.\n- **Tables**: few; fine.\n- Monitor `pg_stat_statements`, disk growth and cache hit ratio.\n\n' + 'Watch vacuum activity and index bloat too. '.repeat(30) },
    ],
    150,
  );
});

test.afterAll(async () => {
  await new Promise((r) => llm.close(r));
});

/** Records every data-status change of graph nodes (in order) into window.__statusLog. */
async function recordStatuses(page: Page) {
  await page.addInitScript(() => {
    const log: string[] = [];
    (window as any).__statusLog = log;
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (el.hasAttribute('data-state')) log.push(`${el.getAttribute('data-state')}:${el.getAttribute('data-status')}`);
      }
    });
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] }),
    );
  });
}

async function createAndStart(request: APIRequestContext, name: string, definition: object, input: object = {}) {
  const created = await request.post('/api/workflows', { data: { name, definition } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const started = await request.post(`/api/workflows/${id}/executions`, { data: { input } });
  expect(started.status()).toBe(201);
  return (await started.json()).executionId as string;
}

test('run an LLM workflow from its page and watch the nodes turn green in order', async ({ page }) => {
  // The answer streams for about 20 s, long enough to see it grow on a busy machine.
  test.setTimeout(90_000);
  await recordStatuses(page);
  await page.goto('/workflows/llm-analysis');
  const input = page.getByTestId('execution-input');
  await input.fill('{"note": "from the e2e test"}');
  // A click before hydration is lost: retry until the page navigates.
  await expect(async () => {
    await page.getByTestId('run').click();
    await expect(page).toHaveURL(/\/executions\/[0-9a-f-]+$/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });

  const node = (name: string) => page.locator(`g[data-state="${name}"]`);
  // The answer streams slowly: while it does, the first two steps are done and the LLM runs.
  await expect(node('AnalyzeWithLLM')).toHaveAttribute('data-status', 'running', { timeout: 15_000 });
  await expect(node('GetDbSize')).toHaveAttribute('data-status', 'succeeded');
  await expect(node('GetTableCount')).toHaveAttribute('data-status', 'succeeded');
  await node('AnalyzeWithLLM').click();
  const answer = page.getByTestId('llm-answer');
  // Deltas are live-only: a view that joins mid-stream shows the answer from where it joined.
  await expect(answer).not.toBeEmpty({ timeout: 10_000 });
  // The text grows while it streams: more of it a moment later, the step still running.
  const early = (await answer.innerText()).length;
  await expect.poll(async () => (await answer.innerText()).length, { timeout: 5_000 }).toBeGreaterThan(early);
  await expect(node('AnalyzeWithLLM')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('step-detail').getByText('streaming')).toBeVisible();
  // The rendered prompt: the templates are filled in from the earlier steps' results.
  const prompt = page.getByTestId('llm-prompt');
  await expect(prompt).toContainText(/The database is \d+ bytes and holds \d+ tables/);
  await expect(prompt).not.toContainText('{{States');
  await shot(page, 'execution-streaming', false);

  await expect(node('AnalyzeWithLLM')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 });
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded');
  await expect(node('LLMUnavailable')).toHaveAttribute('data-status', 'pending');
  await expect(answer.locator('strong').first()).toHaveText('Size');
  await expect(answer).toContainText('cache hit ratio');
  const detail = page.getByTestId('step-detail');
  await expect(detail.getByTestId('llm-model')).toContainText('fake-gpt');
  await expect(detail.getByTestId('llm-tokens')).toHaveText('42 / 17');
  await expect(detail.getByTestId('llm-cost')).toHaveText(/^(\$\d+\.\d{5}|—)$/);
  await expect(detail.getByTestId('llm-latency')).toHaveText(/\d+(\.\d+)? m?s/);
  // Data flow: the effective parameters and the task's raw result between input and output.
  await expect(detail.getByTestId('data-flow').locator('[data-stage]')).not.toHaveCount(0);
  await expect(detail.locator('[data-stage="parameters"]')).toContainText('The database is');
  await expect(detail.locator('[data-stage="result"]')).toContainText('cache hit ratio');
  await expect(detail.getByTestId('step-output')).toContainText('"analysis"');
  await expect(page.getByTestId('event-list')).toContainText('ExecutionSucceeded');
  // The timeline has a bar per step, in the order they ran.
  const rows = page.getByTestId('step-timeline').locator('li[data-step-key]');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-step-key')))).toEqual([
    'GetDbSize',
    'GetTableCount',
    'AnalyzeWithLLM',
  ]);

  const log: string[] = await page.evaluate(() => (window as any).__statusLog);
  const firstGreen = (s: string) => log.indexOf(`${s}:succeeded`);
  expect(firstGreen('GetDbSize')).toBeGreaterThanOrEqual(0);
  expect(firstGreen('GetDbSize')).toBeLessThan(firstGreen('GetTableCount'));
  expect(firstGreen('GetTableCount')).toBeLessThan(firstGreen('AnalyzeWithLLM'));
  expect(log.indexOf('AnalyzeWithLLM:running')).toBeLessThan(firstGreen('AnalyzeWithLLM'));
  await shot(page, 'execution-succeeded');
});

test('a failing run shows the failed node, its error and cause', async ({ page, request }) => {
  const exec = await createAndStart(request, 'e2e failing run', {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: { widget: 42 }, Next: 'Explode' },
      Explode: { Type: 'Fail', Error: 'Widget.Exploded', Cause: 'The widget exploded at step two.' },
    },
  }, { order: 7 });
  await page.goto(`/executions/${exec}`);
  await expect(page.locator('g[data-state="Explode"]')).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
  await expect(page.locator('g[data-state="Prepare"]')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('execution-status')).toHaveText('Failed');
  await expect(page.getByTestId('execution-error')).toContainText('Widget.Exploded');
  // The failed step is selected by itself; clicking it shows the same.
  await page.locator('g[data-state="Explode"]').click();
  const detail = page.getByTestId('step-detail');
  await expect(detail.getByTestId('step-name')).toHaveText('Explode');
  await expect(detail.getByTestId('step-error')).toHaveText('Widget.Exploded');
  await expect(detail.getByTestId('step-cause')).toHaveText('The widget exploded at step two.');
  await page.locator('g[data-state="Prepare"]').click();
  await expect(detail.getByTestId('step-output')).toContainText('"widget": 42');
  await page.locator('g[data-state="Explode"]').click();
  await expect(page.getByTestId('redrive')).toBeEnabled();
  await expect(page.getByTestId('stop')).toBeDisabled();
  // The execution's own input and output, folded in the header: the input it started with, and
  // why there is no output.
  await page.getByTestId('execution-io').locator('summary').click();
  expect(JSON.parse(await page.getByTestId('execution-input-json').innerText())).toEqual({ order: 7 });
  await expect(page.getByTestId('execution-no-output')).toHaveText('No output: the execution failed.');
  await expect(page.getByTestId('execution-output-json')).toHaveCount(0);
  await shot(page, 'execution-failed');
  // New execution: the input editor opens with this execution's input; Start runs the same
  // workflow with it and opens the new execution in its place.
  await page.getByTestId('new-execution').click();
  const dialog = page.getByTestId('new-execution-dialog');
  expect(JSON.parse(await dialog.getByTestId('execution-input').inputValue())).toEqual({ order: 7 });
  await dialog.getByTestId('execution-input').fill('{"order": ');
  await dialog.getByTestId('run').click();
  await expect(dialog.getByTestId('run-error')).toContainText('not valid JSON');
  await expect(page).toHaveURL(new RegExp(`/executions/${exec}$`));
  await dialog.getByTestId('execution-input').fill('{"order": 7}');
  await dialog.getByTestId('run').click();
  await expect(page).not.toHaveURL(new RegExp(`/executions/${exec}$`));
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]+$/);
  await expect(page.getByTestId('execution-status')).toHaveText('Failed', { timeout: 15_000 });
  await page.getByTestId('execution-io').locator('summary').click();
  // A finished execution shows its status from the first frame (the server's), its input once
  // the replayed ExecutionStarted arrives a moment later.
  const inputJson = page.getByTestId('execution-input-json');
  await expect.poll(async () => (await inputJson.innerText()).trim()).not.toBe('');
  expect(JSON.parse(await inputJson.innerText())).toEqual({ order: 7 });
  const again = page.url().split('/').pop();
  expect((await (await request.get(`/api/executions/${again}`)).json()).input).toEqual({ order: 7 });
});

test('an execution of a deleted workflow says so: no link to it, no New execution, Redrive still there', async ({ page, request }) => {
  const exec = await createAndStart(request, 'e2e deleted workflow', { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Nope' } } });
  await expect.poll(async () => (await (await request.get(`/api/executions/${exec}`)).json()).status).toBe('FAILED');
  const { workflowId } = await (await request.get(`/api/executions/${exec}`)).json();
  await page.goto(`/executions/${exec}`);
  // The breadcrumb and the header both name the workflow.
  await expect(page.getByTestId('workflow-link')).toHaveCount(2);
  await expect(page.getByTestId('workflow-link').first()).toHaveAttribute('href', `/workflows/${workflowId}`);
  await expect(page.getByTestId('new-execution')).toBeEnabled();

  expect((await request.delete(`/api/workflows/${workflowId}`)).status()).toBe(204);
  await page.reload();
  await expect(page.getByTestId('workflow-deleted')).toHaveCount(2);
  await expect(page.getByTestId('workflow-deleted').first()).toHaveText(`${workflowId} (deleted)`);
  await expect(page.getByTestId('workflow-link')).toHaveCount(0);
  await expect(page.getByTestId('new-execution')).toHaveCount(0);
  // The version it ran stays readable, and the server redrives the execution.
  await expect(page.getByTestId('ran-version')).toHaveAttribute('href', `/workflows/${workflowId}?version=1`);
  await shot(page, 'execution-of-deleted-workflow');
  await page.getByTestId('redrive').click();
  await expect(page.getByTestId('redrive-count')).toContainText('redriven 1×', { timeout: 15_000 });
  await expect(page.getByTestId('execution-status')).toHaveText('Failed', { timeout: 15_000 });
});

test('an LLM answer with <script> and <img onerror> is rendered inert', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const exec = await createAndStart(request, 'e2e llm xss', {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'call_llm',
        Parameters: { provider: 'openai', model: 'fake-gpt', prompt: 'XSS-CHECK: report on the database' },
        End: true,
      },
    },
  });
  await page.goto(`/executions/${exec}`);
  await expect(page.locator('g[data-state="Ask"]')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(async () => {
    await page.locator('g[data-state="Ask"]').click();
    await expect(page.getByTestId('llm-answer')).toContainText('bold advice', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  const answer = page.getByTestId('llm-answer');
  await expect(answer.locator('h1')).toHaveText('Findings');
  await expect(answer.locator('strong')).toHaveText('bold advice');
  // The tags are shown as text, never parsed as elements.
  await expect(answer).toContainText('<script>window.__xss = 1</script>');
  await expect(answer).toContainText('<img src=x onerror="window.__xss = 2">');
  await expect(answer.locator('script, img, [onerror]')).toHaveCount(0);
  await expect(answer.locator('a[href^="javascript"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await shot(page, 'execution-llm-inert');
});

test('editing the definition validates it in the browser and marks the node', async ({ page }) => {
  await page.goto('/workflows/hello-world');
  const pane = page.getByTestId('definition-json');
  await expect(page.getByTestId('validation-ok')).toBeVisible();
  const original = (await pane.textContent())!;
  const broken = original.replace('"Next": "Done"', '"Next": "Nowhere"');
  expect(broken).not.toEqual(original);
  await expect(async () => {
    await pane.fill(broken);
    await expect(page.getByTestId('validation-problems')).toContainText('MISSING_TRANSITION_TARGET', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('validation-problems')).toContainText('/States/Greet/Next');
  await expect(page.locator('g[data-state="Greet"]')).toHaveAttribute('data-invalid', 'true');
  await shot(page, 'editor-invalid');

  await pane.fill(original.replace('"Done"', '"Finish"').replace('"Done":', '"Finish":'));
  await expect(page.getByTestId('validation-ok')).toBeVisible();
  // The graph follows the text.
  await expect(page.locator('g[data-state="Finish"]')).toHaveCount(1);
  await expect(page.locator('g[data-state="Greet"]')).not.toHaveAttribute('data-invalid', 'true');

  await pane.fill('{ "StartAt": ');
  await expect(page.getByTestId('validation-problems')).toContainText('line');
});

test('a waiting run can be stopped from its page', async ({ page, request }) => {
  const exec = await createAndStart(request, 'e2e stop me', {
    StartAt: 'Hold',
    States: { Hold: { Type: 'Wait', Seconds: 60, Next: 'After' }, After: { Type: 'Succeed' } },
  });
  await page.goto(`/executions/${exec}`);
  await expect(page.locator('g[data-state="Hold"]')).toHaveAttribute('data-status', 'running', { timeout: 15_000 });
  // While it waits, its duration keeps growing (no events arrive meanwhile).
  await expect(page.getByTestId('execution-duration')).toHaveText(/^\d+(\.\d+)? s$/, { timeout: 5_000 });
  const before = await page.getByTestId('execution-duration').textContent();
  await expect(page.getByTestId('execution-duration')).not.toHaveText(before!, { timeout: 5_000 });
  // So does the waiting step's, in its panel.
  await page.locator('g[data-state="Hold"]').click();
  await expect(page.getByTestId('step-duration')).toHaveText(/^\d+(\.\d+)? s$/, { timeout: 5_000 });
  await expect(async () => {
    // A click before hydration is lost; once stopping, the button is disabled.
    // Stop asks first; Cancel leaves it running.
    if (await page.getByTestId('stop').isEnabled()) await page.getByTestId('stop').click({ timeout: 1_000 });
    await expect(page.getByTestId('stop-dialog')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByTestId('stop-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('stop-dialog')).toHaveCount(0);
  await expect(page.getByTestId('execution-status')).toHaveText('Running');
  await page.getByTestId('stop').click();
  await page.getByTestId('stop-confirm').click();
  await expect(page.getByTestId('execution-status')).toHaveText('Aborted', { timeout: 5_000 });
  await expect(page.getByTestId('stop')).toBeDisabled();
  await expect(page.getByTestId('redrive')).toBeEnabled();
  await expect(page.locator('g[data-state="After"]')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('event-list')).toContainText('ExecutionAborted');
  // The step it stopped in was stopped, not failed.
  await expect(page.locator('g[data-state="Hold"]')).toHaveAttribute('data-status', 'aborted');
  await expect(page.getByTestId('step-detail').getByTestId('step-status')).toHaveText('aborted');
});

test('a step waiting for its retry shows as retrying, then succeeds', async ({ page, request }) => {
  const exec = await createAndStart(request, 'e2e retry wait', {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'call_llm',
        Parameters: { provider: 'openai', model: 'fake-gpt', prompt: 'RETRY-ONCE please' },
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 1 }],
        End: true,
      },
    },
  });
  await page.goto(`/executions/${exec}`);
  const ask = page.locator('g[data-state="Ask"]');
  // After the first attempt failed, during the 5 s before the retry: not "failed".
  await expect(ask).toHaveAttribute('data-status', 'retrying', { timeout: 4_000 });
  await expect(page.getByTestId('execution-status')).toHaveText('Running');
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: 15_000 });
  await expect(ask).toHaveAttribute('data-status', 'succeeded');
});

test('a caught error shows the catch path', async ({ page, request }) => {
  const exec = await createAndStart(request, 'e2e caught error', {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'call_llm',
        Parameters: { provider: 'openai', model: 'fake-gpt', prompt: 'FAIL-400 please' },
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Fallback' }],
        Next: 'Report',
      },
      Report: { Type: 'Succeed' },
      Fallback: { Type: 'Pass', Result: 'used the fallback', End: true },
    },
  });
  await page.goto(`/executions/${exec}`);
  await expect(page.locator('g[data-state="Fallback"]')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
  await expect(page.locator('g[data-state="Ask"]')).toHaveAttribute('data-status', 'caught');
  await expect(page.locator('g[data-state="Report"]')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded');
  await expect(async () => {
    await page.locator('g[data-state="Ask"]').click();
    await expect(page.getByTestId('step-detail').getByTestId('step-status')).toHaveText('caught', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  const detail = page.getByTestId('step-detail');
  await expect(detail.getByTestId('step-cause')).toContainText('refuses');
  // The failed call is not shown as streaming.
  await expect(detail.getByTestId('llm-unanswered')).toBeVisible();
  await expect(detail.getByTestId('llm-call')).not.toContainText('streaming');
  // The catch path: the caught error went into $.error, and the handler got it as input.
  await expect(detail.getByTestId('step-output')).toContainText('"error"');
  await page.locator('g[data-state="Fallback"]').click();
  await expect(detail.getByTestId('step-status')).toHaveText('succeeded');
  await expect(detail.getByTestId('step-input')).toContainText('refuses');
  await expect(detail.getByTestId('step-output')).toContainText('used the fallback');
  await page.locator('g[data-state="Ask"]').click();
  // The execution's output, as the REST API reports it.
  await page.getByTestId('execution-io').locator('summary').click();
  const api = await (await request.get(`/api/executions/${exec}`)).json();
  expect(api.output).toBeTruthy();
  expect(JSON.parse(await page.getByTestId('execution-output-json').innerText())).toEqual(api.output);
  await expect(page.getByTestId('execution-no-output')).toHaveCount(0);
  // Copy puts the output's JSON on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copy = page.getByTestId('execution-io').locator('div:has(> [data-testid="execution-output-json"]) [data-copy]');
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(api.output);
  await shot(page, 'execution-caught');
});

test('export downloads the saved ASL JSON, which validates', async ({ page, request }) => {
  await page.goto('/workflows/llm-analysis');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toBe('llm-analysis.asl.json');
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const saved = await (await request.get('/api/workflows/llm-analysis')).json();
  expect(exported).toEqual(saved.definition);
  const verdict = await (await request.post('/api/validate', { data: { definition: exported } })).json();
  expect(verdict.valid).toBe(true);
});

test('the workflow page lists its recent executions with a status filter', async ({ page }) => {
  await page.goto('/workflows/hello-world');
  await expect(async () => {
    await page.getByTestId('run').click();
    await expect(page).toHaveURL(/\/executions\/[0-9a-f-]+$/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const exec = page.url().split('/').pop()!;
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: 15_000 });
  await page.goto('/workflows/hello-world');
  const list = page.getByTestId('execution-list');
  await expect(list.locator(`a[href="/executions/${exec}"]`)).toBeVisible({ timeout: 10_000 });
  await expect(async () => {
    await page.getByTestId('execution-filter').selectOption('FAILED');
    await expect(page.getByText('No executions with this status.')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await page.getByTestId('execution-filter').selectOption('SUCCEEDED');
  await expect(list.locator(`a[href="/executions/${exec}"]`)).toBeVisible();
  await list.locator(`a[href="/executions/${exec}"]`).click();
  await expect(page.locator('g[data-state="Greet"]')).toHaveAttribute('data-status', 'succeeded', { timeout: 10_000 });
});

test('a Map inside a Parallel shows its iterations in the picker and colours the processor by iteration', async ({ page, request }) => {
  const exec = await createAndStart(
    request,
    'e2e map iterations',
    {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Next: 'Done',
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  MaxConcurrency: 1,
                  ToleratedFailureCount: 1,
                  End: true,
                  ItemProcessor: {
                    StartAt: 'Check',
                    States: {
                      Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 2, Next: 'Boom' }], Default: 'Fine' },
                      Boom: { Type: 'Fail', Error: 'Item.Bad', Cause: 'Item 2 is bad.' },
                      Fine: { Type: 'Pass', End: true },
                    },
                  },
                },
              },
            },
            { StartAt: 'Side', States: { Side: { Type: 'Pass', End: true } } },
          ],
        },
        Done: { Type: 'Succeed' },
      },
    },
    { items: [0, 1, 2, 3, 4].map((n) => ({ n })) },
  );
  await page.goto(`/executions/${exec}`);
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: 15_000 });
  await expect(page.locator('g[data-state="Fan"]')).toHaveAttribute('data-status', 'succeeded');

  const picker = page.locator('[data-testid="iteration-picker"][data-map="Each"]');
  const iterations = picker.getByTestId('iteration');
  await expect(iterations).toHaveCount(5);
  expect(await iterations.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual([
    'succeeded',
    'succeeded',
    'failed',
    'succeeded',
    'succeeded',
  ]);
  const summary = picker.getByTestId('iteration-summary');
  await expect(summary).toContainText('5 iterations');
  await expect(summary).toContainText('4 succeeded');
  await expect(summary).toContainText('1 failed');
  // The failed iteration is shown first: its states are coloured by that run.
  await expect(picker.locator('[data-index="2"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.locator('[data-step="Boom"]')).toHaveAttribute('data-status', 'failed');
  await expect(picker.locator('[data-step="Fine"]')).toHaveAttribute('data-status', 'pending');
  await expect(picker.locator('[data-step="Check"]')).toHaveAttribute('data-status', 'succeeded');
  // Parallel branches: the other branch ran too.
  await expect(page.locator('[data-testid="parallel-branches"] [data-step="Side"]')).toHaveAttribute('data-status', 'succeeded');
  // The failure inside the iteration is what the step panel opened on.
  const detail = page.getByTestId('step-detail');
  await expect(detail.getByTestId('step-name')).toHaveText('Boom');
  await expect(detail.getByTestId('step-place')).toHaveText('In Fan branch 1 › Each iteration 2');
  await expect(detail.getByTestId('step-cause')).toHaveText('Item 2 is bad.');
  await shot(page, 'execution-map-failed-iteration');

  // Pick another iteration: the processor's states and the panel follow it.
  await picker.locator('[data-index="3"]').click();
  await expect(picker.locator('[data-index="3"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.locator('[data-step="Fine"]')).toHaveAttribute('data-status', 'succeeded');
  await expect(picker.locator('[data-step="Boom"]')).toHaveAttribute('data-status', 'pending');
  await picker.locator('[data-step="Fine"]').click();
  await expect(detail.getByTestId('step-place')).toHaveText('In Fan branch 1 › Each iteration 3');
  await expect(detail.getByTestId('step-input')).toContainText('"n": 3');
  // The timeline shows the picked iteration's steps (and not the others').
  const timeline = page.getByTestId('step-timeline');
  await expect(timeline.locator('li[data-step-key="Fan[0]/Each[3]/Fine"]')).toHaveCount(1);
  await expect(timeline.locator('li[data-step-key="Fan[0]/Each[2]/Boom"]')).toHaveCount(0);
  // A state that did not run in the shown iteration says where it did, one click away.
  await page.locator('g[data-state="Boom"]').click();
  await expect(detail.getByTestId('step-status')).toHaveText('pending');
  const elsewhere = detail.getByTestId('ran-elsewhere').getByRole('button');
  await expect(elsewhere).toHaveText(['Fan branch 1 › Each iteration 2']);
  await elsewhere.click();
  await expect(detail.getByTestId('step-place')).toHaveText('In Fan branch 1 › Each iteration 2');
  await expect(picker.locator('[data-index="2"]')).toHaveAttribute('aria-pressed', 'true');
  // Filter to failed iterations only.
  await summary.locator('[data-count="failed"]').click();
  await expect(iterations).toHaveCount(1);
  await expect(iterations.first()).toHaveAttribute('data-index', '2');
  await shot(page, 'execution-map-iteration-picker');
});

test('at 800 px wide the step details sit beside the graph, in view when a step is clicked', async ({ page, request }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  const exec = await createAndStart(request, 'e2e narrow', {
    StartAt: 'One',
    States: { One: { Type: 'Pass', Result: { n: 1 }, Next: 'Two' }, Two: { Type: 'Pass', End: true } },
  });
  await page.goto(`/executions/${exec}`);
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: 15_000 });
  await expect(async () => {
    await page.locator('g[data-state="One"]').click();
    await expect(page.getByTestId('step-detail').getByTestId('step-name')).toHaveText('One', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('step-detail')).toBeInViewport();
  // A Pass state's result stage is its Result, not a task's.
  await expect(page.getByTestId('step-detail').locator('[data-stage="result"] summary span').first()).toHaveText('Result');
  const graph = (await page.getByTestId('workflow-graph').boundingBox())!;
  const detail = (await page.getByTestId('step-detail').boundingBox())!;
  expect(detail.x).toBeGreaterThanOrEqual(graph.x + graph.width);
  await shot(page, 'execution-800px', false);
});

test('redrive of a failed run continues from the failed step', async ({ page, request }) => {
  const exec = await createAndStart(request, 'e2e redrive', {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prep', Next: 'Ask' },
      Ask: {
        Type: 'Task',
        Resource: 'call_llm',
        Parameters: { provider: 'openai', model: 'fake-gpt', prompt: 'REDRIVE-ONCE please' },
        ResultPath: '$.answer',
        Next: 'Finish',
      },
      Finish: { Type: 'Pass', End: true },
    },
  });
  await page.goto(`/executions/${exec}`);
  await expect(page.getByTestId('execution-status')).toHaveText('Failed', { timeout: 15_000 });
  await expect(page.locator('g[data-state="Ask"]')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('execution-error')).toContainText('not ready yet');
  await expect(page.locator('g[data-state="Finish"]')).toHaveAttribute('data-status', 'pending');
  const events = page.getByTestId('event-list');
  const prepareEntered = events.locator('tr', { hasText: 'PassStateEntered' }).filter({ hasText: 'Prepare' });
  await expect(prepareEntered).toHaveCount(1);
  await expect(page.getByTestId('redrive-count')).toHaveCount(0);
  await shot(page, 'execution-before-redrive');

  await expect(async () => {
    if (await page.getByTestId('redrive').isEnabled()) await page.getByTestId('redrive').click({ timeout: 1_000 });
    await expect(page.locator('g[data-state="Ask"]')).not.toHaveAttribute('data-status', 'failed', { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  // The view follows the continued run to its end, without reloading.
  await expect(page.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: 15_000 });
  await expect(page.locator('g[data-state="Ask"]')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.locator('g[data-state="Finish"]')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('execution-error')).toHaveCount(0);
  await expect(page.getByTestId('redrive')).toBeDisabled();
  // Prepare did not run again; Ask ran a second time, from its recorded input.
  await expect(prepareEntered).toHaveCount(1);
  await expect(events.locator('tr', { hasText: 'TaskStateEntered' }).filter({ hasText: 'Ask' })).toHaveCount(2);
  // AWS's ExecutionRedriven event, and the count in the header.
  await expect(events.locator('tr', { hasText: 'ExecutionRedriven' })).toHaveCount(1);
  await expect(page.getByTestId('redrive-count')).toHaveText('· redriven 1×');
  // The timeline keeps the failed first run on Ask's row beside the redriven one.
  const askRow = page.locator('[data-testid="step-timeline"] li[data-step-key="Ask"]');
  await expect(askRow).toHaveAttribute('data-status', 'succeeded');
  await expect(askRow.getByTestId('earlier-run')).toHaveCount(1);
  await expect(askRow.getByTestId('earlier-run')).toHaveAttribute('data-status', 'failed');
  await expect(askRow).toContainText('×2');
  await page.locator('g[data-state="Ask"]').click();
  // The selection is ringed on the graph, whatever the node's status colour.
  await expect(page.getByTestId('selection-halo')).toHaveCount(1);
  const detail = page.getByTestId('step-detail');
  await expect(detail.getByTestId('llm-answer')).toContainText('Recovered on the second try.');
  await expect(detail.getByTestId('step-input')).toContainText('"ready": true');
  await shot(page, 'execution-after-redrive');
});

test.describe('an LLM answer rendered by the server', () => {
  // The aborted render_markdown requests of the second half are expected to show in the console.
  test.use({ consoleAllowed: [/Failed to load resource|net::ERR_FAILED|render_markdown/] });

  test('a streaming answer sends only its newest text to be rendered; without the server it shows as plain text', async ({ page, request }) => {
    test.setTimeout(90_000);
    let renders = 0;
    let refuse = false;
    // A slow server: deltas arrive every 150 ms, each rendering takes a second.
    await page.route('**/rpc/render_markdown*', async (route) => {
      renders += 1;
      if (refuse) return route.abort();
      await new Promise((r) => setTimeout(r, 1_000));
      await route.continue();
    });
    const exec = await createAndStart(request, 'e2e llm slow render', {
      StartAt: 'Ask',
      States: {
        Ask: { Type: 'Task', Resource: 'call_llm', Parameters: { provider: 'openai', model: 'fake-gpt', prompt: 'SLOW-RENDER please' }, End: true },
      },
    });
    await page.goto(`/executions/${exec}`);
    const node = page.locator('g[data-state="Ask"]');
    await expect(node).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
    await expect(async () => {
      await node.click();
      await expect(page.getByTestId('llm-call')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    const answer = page.getByTestId('llm-answer');
    await expect(node).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 });
    await expect(answer.locator('strong')).toHaveText('The end.', { timeout: 10_000 });
    // 50 deltas (≈ 7 s) against one rendering a second: the text in between was skipped.
    expect(renders).toBeGreaterThanOrEqual(2);
    expect(renders).toBeLessThan(20);

    // The server no longer renders: the answer is still readable, as inert plain text.
    refuse = true;
    await page.reload();
    await expect(async () => {
      await page.locator('g[data-state="Ask"]').click();
      await expect(page.getByTestId('llm-answer-text')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByTestId('llm-answer-text')).toContainText('**The end.**');
    await expect(answer.locator('strong')).toHaveCount(0);
  });
});
