// The editor on /workflows/{id}: author a workflow from scratch (palette, drag to connect,
// inspector), rename with references following, undo/redo, JSON pane ⇄ graph, save and reload,
// export equal to the saved definition; and the 500-state layout + render benchmark.
// Screenshots go to end2end/screenshots/ (kept in the repository; look at them).
import type { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './console';
import * as fs from 'node:fs';
import * as path from 'node:path';

const shots = path.join(__dirname, '..', 'screenshots');
fs.mkdirSync(shots, { recursive: true });

async function create(request: APIRequestContext, name: string, definition: object) {
  const created = await request.post('/api/workflows', { data: { name, definition } });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

const node = (page: Page, name: string) => page.locator(`g[data-state="${name}"]`);

/** Drags from a handle of `from` onto the box of `to`, with real pointer moves. */
async function connect(page: Page, from: string, handle: string, to: string) {
  const h = await node(page, from).locator(`[data-handle="${handle}"] circle`).boundingBox();
  const t = await node(page, to).locator('rect').first().boundingBox();
  expect(h && t).toBeTruthy();
  await page.mouse.move(h!.x + h!.width / 2, h!.y + h!.height / 2);
  await page.mouse.down();
  await page.mouse.move(t!.x + t!.width / 2, t!.y + t!.height / 2 - 6, { steps: 8 });
  await page.mouse.up();
}

/** Opens workflow `id` in the editor and selects state `name`, once the page is hydrated (only
 * hydrated code reacts to a click, so the click is retried until the inspector shows it). */
async function openSelected(page: Page, id: string, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/workflows/${id}`);
  const inspector = page.getByTestId('inspector');
  await expect(async () => {
    await node(page, name).click();
    await expect(inspector.getByTestId('state-name')).toHaveValue(name, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return inspector;
}

test('author a workflow from scratch: palette, drag to connect, inspector, rename, undo, JSON pane, save, export', async ({ page, request }) => {
  const id = await create(request, 'e2e editor journey', { StartAt: 'Placeholder', States: { Placeholder: { Type: 'Pass', End: true } } });
  const inspector = await openSelected(page, id, 'Placeholder');

  // From scratch: remove the placeholder, then build Pass → get_db_size → Succeed.
  await inspector.getByTestId('delete-state').click();
  await expect(page.locator('g[data-state]')).toHaveCount(0);
  await page.locator('[data-palette="Pass"]').click();
  await expect(node(page, 'Pass')).toHaveCount(1);
  // With Pass selected (it ends), a function from the registry is linked after it.
  await page.locator('[data-palette-function="get_db_size"]').click();
  await expect(node(page, 'Get db size')).toHaveCount(1);
  await expect(page.getByTestId('definition-json')).toHaveValue(/"Next": "Get db size"/);
  await expect(inspector.getByTestId('resource')).toHaveValue('get_db_size');
  // Nothing selected: the next state stands alone until it is connected by dragging.
  await page.getByTestId('fit-view').click();
  await page.getByTestId('workflow-graph').click({ position: { x: 12, y: 12 } });
  await expect(inspector).toContainText('Select a state');
  await page.locator('[data-palette="Succeed"]').click();
  await expect(node(page, 'Succeed')).toHaveCount(1);
  await expect(page.getByTestId('validity')).toContainText('problem');
  await expect(node(page, 'Succeed')).toHaveAttribute('data-invalid', 'true');
  // Get db size ends (End: true); drag its Next handle onto Succeed.
  await connect(page, 'Get db size', 'next', 'Succeed');
  await expect(page.getByTestId('definition-json')).toHaveValue(/"Next": "Succeed"/);
  await expect(page.getByTestId('validity')).toHaveText('✓ Valid');
  await expect(node(page, 'Succeed')).not.toHaveAttribute('data-invalid', 'true');

  // Edit fields in the inspector: a comment, and a parameter that names the Pass step.
  await node(page, 'Get db size').click();
  await inspector.locator('[data-field="/Comment"] input').fill('Measures the demo database');
  await inspector.getByText('Input and output').click();
  await inspector.locator('[data-field="/Parameters"] textarea').fill('{"note": "after {{States.Pass.value}}"}');
  await expect(page.getByTestId('definition-json')).toHaveValue(/"Comment": "Measures the demo database"/);

  // Rename Pass: StartAt, the Next pointing at it and the template follow.
  await node(page, 'Pass').click();
  await inspector.getByTestId('state-name').fill('Prepare');
  await inspector.getByTestId('state-name').press('Enter');
  await expect(node(page, 'Prepare')).toHaveCount(1);
  await expect(node(page, 'Pass')).toHaveCount(0);
  const pane = page.getByTestId('definition-json');
  await expect(pane).toHaveValue(/"StartAt": "Prepare"/);
  await expect(pane).toHaveValue(/\{\{States\.Prepare\.value\}\}/);
  await page.screenshot({ path: path.join(shots, 'editor-authored.png') });

  // Undo / redo with the buttons and the keyboard.
  await page.getByTestId('undo').click();
  await expect(node(page, 'Pass')).toHaveCount(1);
  await expect(pane).toHaveValue(/\{\{States\.Pass\.value\}\}/);
  await page.getByTestId('redo').click();
  await expect(node(page, 'Prepare')).toHaveCount(1);
  await page.locator('h1').click();
  await page.keyboard.press('Control+z');
  await expect(node(page, 'Pass')).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'Prepare')).toHaveCount(1);

  // The JSON pane drives the graph; text that is not JSON keeps the graph.
  const text = await pane.inputValue();
  await pane.fill(text.replaceAll('"Succeed"', '"Finished"').replace('"Type": "Finished"', '"Type": "Succeed"'));
  await expect(node(page, 'Finished')).toHaveCount(1);
  await expect(node(page, 'Succeed')).toHaveCount(0);
  await pane.fill('{ "StartAt": ');
  await expect(page.getByTestId('validation-problems')).toContainText('line 1');
  await expect(node(page, 'Finished')).toHaveCount(1);
  await pane.fill(text.replaceAll('"Succeed"', '"Finished"').replace('"Type": "Finished"', '"Type": "Succeed"'));
  await expect(page.getByTestId('validity')).toHaveText('✓ Valid');

  // Save: a new version; reload: still there.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('version')).toHaveText('Version 2');
  await page.reload();
  await expect(node(page, 'Prepare')).toHaveCount(1);
  await expect(node(page, 'Get db size')).toHaveCount(1);
  await expect(node(page, 'Finished')).toHaveCount(1);
  await expect(page.getByTestId('version')).toHaveText('Version 2');

  // Export equals the saved definition and validates.
  await expect(async () => {
    await node(page, 'Get db size').click();
    await expect(inspector.getByTestId('state-name')).toHaveValue('Get db size', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.screenshot({ path: path.join(shots, 'editor-saved.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toBe(`${id}.asl.json`);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const saved = await (await request.get(`/api/workflows/${id}`)).json();
  expect(exported).toEqual(saved.definition);
  expect(exported.States['Get db size'].Comment).toBe('Measures the demo database');
  const verdict = await (await request.post('/api/validate', { data: { definition: exported } })).json();
  expect(verdict).toMatchObject({ valid: true });
});

test('a Choice and a Parallel draw as labelled edges and nested frames; the rule builder edits rules', async ({ page, request }) => {
  const id = await create(request, 'e2e editor shapes', {
    StartAt: 'Check',
    States: {
      Check: { Type: 'Choice', Choices: [{ Variable: '$.size', NumericGreaterThan: 100, Next: 'Both' }], Default: 'Small' },
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
          { StartAt: 'Right', States: { Right: { Type: 'Wait', Seconds: 1, End: true } } },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Small' }],
        End: true,
      },
      Small: { Type: 'Succeed' },
    },
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/workflows/${id}`);
  await expect(page.locator('[data-edge-label="$.size > 100"]')).toHaveCount(1);
  await expect(page.locator('[data-edge-label="Default"]')).toHaveCount(1);
  await expect(page.locator('[data-group="Both"]')).toHaveCount(2);
  // The arrows inside the Parallel's branches lie on top of its box, not hidden under its fill:
  // at each one's midpoint, the topmost element is the arrow itself.
  const onTop = await page.evaluate(() => {
    const svg = document.querySelector('[data-testid="workflow-graph"]')!;
    const box = svg.querySelector('[data-state="Both"] rect')!.getBoundingClientRect();
    const inside = [...svg.querySelectorAll<SVGPathElement>('path[d]')].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.width + r.height > 0 && r.top > box.top && r.bottom < box.bottom && r.left > box.left && r.right < box.right;
    });
    return inside.map((p) => {
      const at = p.getPointAtLength(p.getTotalLength() / 2).matrixTransform(p.getScreenCTM()!);
      return document.elementsFromPoint(at.x, at.y)[0] === p;
    });
  });
  expect(onTop.length).toBeGreaterThanOrEqual(4);
  expect(onTop).not.toContain(false);
  await expect(page.locator('path[stroke-dasharray]')).not.toHaveCount(0);
  await expect(page.locator('[data-marker="start"]')).toHaveCount(3);
  await expect(async () => {
    await node(page, 'Check').click();
    await expect(page.getByTestId('choice-rules')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const rule = page.getByTestId('choice-rules').locator('[data-rule="0"]');
  await rule.getByTestId('comparison').locator('input').last().fill('500');
  await expect(page.locator('[data-edge-label="$.size > 500"]')).toHaveCount(1);
  // A new operator gets a value of its type: a string for StringEquals, a path for a …Path form.
  const pane = page.getByTestId('definition-json');
  const ruleJson = async () => JSON.parse(await pane.inputValue()).States.Check.Choices[0];
  await rule.getByTestId('comparison').locator('select').selectOption('StringEquals');
  await expect.poll(ruleJson).toEqual({ Variable: '$.size', StringEquals: '500', Next: 'Both' });
  await rule.getByTestId('comparison').locator('select').selectOption('NumericGreaterThanPath');
  await expect.poll(ruleJson).toEqual({ Variable: '$.size', NumericGreaterThanPath: '$.', Next: 'Both' });
  await rule.getByTestId('comparison').locator('input').last().fill('$.limit');
  await rule.getByTestId('comparison').locator('select').selectOption('NumericGreaterThan');
  await expect.poll(ruleJson).toEqual({ Variable: '$.size', NumericGreaterThan: 0, Next: 'Both' });
  await rule.getByTestId('comparison').locator('input').last().fill('500');
  await expect(page.locator('[data-edge-label="$.size > 500"]')).toHaveCount(1);
  await page.getByTestId('add-rule').click();
  await expect(page.getByTestId('validity')).toContainText('problem');
  await page.screenshot({ path: path.join(shots, 'editor-choice-parallel.png') });
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('validity')).toHaveText('✓ Valid');
  await page.getByTestId('zoom-in').click();
  await page.getByTestId('fit-view').click();
});

/** 500 states: a chain with a Choice every 10 (skip ahead, loop back), every 7th a Task that
 * catches into one shared handler — the shape that made layered layout slow. */
function generated(n: number) {
  const name = (i: number) => `Step${String(i).padStart(3, '0')}`;
  const states: Record<string, object> = {};
  for (let i = 0; i < n - 1; i++) {
    const next = i + 2 < n ? name(i + 1) : 'Handler';
    if (i % 10 === 5 && i + 4 < n - 1) {
      states[name(i)] = {
        Type: 'Choice',
        Choices: [
          { Variable: '$.n', NumericGreaterThan: i, Next: name(i + 3) },
          { Variable: '$.loop', BooleanEquals: true, Next: name(Math.max(0, i - 20)) },
        ],
        Default: next,
      };
    } else if (i % 7 === 0) {
      states[name(i)] = { Type: 'Task', Resource: 'get_db_size', Next: next, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }] };
    } else {
      states[name(i)] = { Type: 'Pass', Next: next };
    }
  }
  states['Handler'] = { Type: 'Fail', Error: 'Failed' };
  return { StartAt: name(0), States: states };
}

test('text in the JSON pane that is not JSON is never saved as the last valid definition', async ({ page, request }) => {
  const id = await create(request, 'e2e pane guard', { StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });
  await page.goto(`/workflows/${id}`);
  const pane = page.getByTestId('definition-json');
  await expect(async () => {
    // Typing before hydration is lost: retry until the badge reacts.
    await pane.fill('{"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": tr');
    await expect(page.getByTestId('validity')).toHaveText('JSON error', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('version')).toContainText('unsaved changes');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('editor-notice')).toContainText('Not saved');
  await expect(page.getByTestId('editor-notice')).toContainText('line 1');
  await expect(page.getByTestId('version')).toContainText('Version 1');
  const versions = await (await request.get(`/api/workflows/${id}/versions`)).json();
  expect(versions).toHaveLength(1);
  // Finished, it parses again and saves.
  await pane.fill('{"StartAt": "Only", "States": {"Only": {"Type": "Pass", "Comment": "fixed", "End": true}}}');
  await expect(page.getByTestId('validity')).toHaveText('✓ Valid');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('version')).toHaveText('Version 2');
  // Saving again without a change keeps version 2, and says so.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('editor-notice')).toContainText('Nothing to save: version 2');
  await expect(page.getByTestId('version')).toHaveText('Version 2');
});

test('keys on the selected state: Ctrl+D duplicates it, Delete deletes it, Ctrl+Z brings it back', async ({ page, request }) => {
  const id = await create(request, 'e2e editor keys', {
    StartAt: 'First',
    States: { First: { Type: 'Pass', Result: { n: 1 }, Next: 'Last' }, Last: { Type: 'Succeed' } },
  });
  const inspector = await openSelected(page, id, 'First');
  const pane = page.getByTestId('definition-json');

  // The copy sits beside the original with its transitions and is selected; nothing reaches it.
  await page.keyboard.press('Control+d');
  await expect(node(page, 'First 2')).toHaveCount(1);
  await expect(inspector.getByTestId('state-name')).toHaveValue('First 2');
  const copied = JSON.parse(await pane.inputValue());
  expect(Object.keys(copied.States)).toEqual(['First', 'First 2', 'Last']);
  expect(copied.States['First 2']).toEqual({ Type: 'Pass', Result: { n: 1 }, Next: 'Last' });
  await expect(page.getByTestId('validity')).toContainText('problem');

  // Keys typed in a field edit the field, never the graph.
  await inspector.locator('[data-field="/Comment"] input').press('Backspace');
  await inspector.locator('[data-field="/Comment"] input').press('Delete');
  await expect(node(page, 'First 2')).toHaveCount(1);
  await node(page, 'First 2').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'First 2')).toHaveCount(0);
  await expect(inspector).toContainText('Select a state');
  expect(Object.keys(JSON.parse(await pane.inputValue()).States)).toEqual(['First', 'Last']);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'First 2')).toHaveCount(1);
  // The selected state's JSON can be copied.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await node(page, 'First 2').click();
  await page.getByTestId('step-detail').locator('[data-copy]').click();
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ Type: 'Pass', Result: { n: 1 }, Next: 'Last' });
  // The inspector's button does the same as the key.
  await node(page, 'Last').click();
  await inspector.getByTestId('duplicate-state').click();
  await expect(node(page, 'Last 2')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(inspector).toContainText('Select a state');
});

test('deleting a state in the middle of a chain joins its neighbours, as Workflow Studio does', async ({ page, request }) => {
  const id = await create(request, 'e2e editor delete middle', {
    StartAt: 'First',
    States: { First: { Type: 'Pass', Next: 'Middle' }, Middle: { Type: 'Pass', Next: 'Last' }, Last: { Type: 'Succeed' } },
  });
  await openSelected(page, id, 'Middle');
  await page.keyboard.press('Delete');
  await expect(node(page, 'Middle')).toHaveCount(0);
  const pane = page.getByTestId('definition-json');
  expect(JSON.parse(await pane.inputValue()).States.First).toEqual({ Type: 'Pass', Next: 'Last' });
  await expect(page.getByTestId('validity')).toHaveText('✓ Valid');
});

test('test a state alone: its stages and next state, then a mocked LLM call fed earlier steps\' results', async ({ page, request }) => {
  const id = await create(request, 'e2e test state', {
    StartAt: 'Greet',
    States: {
      Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" }, Next: 'Ask' },
      Ask: { Type: 'Task', Resource: 'call_llm', Parameters: { prompt: 'Reply to: {{States.Greet.greeting}}' }, ResultPath: '$.reply', End: true },
    },
  });
  // One execution, so the state's input there can be taken over.
  const started = await request.post(`/api/workflows/${id}/executions`, { data: { input: { name: 'Bob' } } });
  const execution = (await started.json()).executionId as string;
  await expect(async () => {
    const status = await (await request.get(`/api/executions/${execution}`)).json();
    expect(status.steps?.Greet?.input).toEqual({ name: 'Bob' });
  }).toPass({ timeout: 10_000 });
  const inspector = await openSelected(page, id, 'Greet');
  const section = inspector.getByTestId('test-state');
  await section.locator('summary').click();
  await section.getByTestId('test-state-last-input').click();
  await expect(section.getByTestId('test-state-input')).toHaveValue(/"name": "Bob"/);
  await section.getByTestId('test-state-input').fill('{"name": "Ada"}');
  await section.getByTestId('test-state-run').click();
  await expect(section.getByTestId('test-state-status')).toHaveText('SUCCEEDED');
  await expect(section.getByTestId('test-state-next')).toHaveText('Ask');
  await expect(section.locator('[data-stage="After Parameters"]')).toContainText('Hello, Ada!');
  await expect(section.locator('[data-stage="Output"]')).toContainText('"greeting": "Hello, Ada!"');

  // The Task: its template names Greet, whose result is asked for; the LLM call is mocked.
  await expect(async () => {
    await node(page, 'Ask').click();
    await expect(inspector.getByTestId('state-name')).toHaveValue('Ask', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  // The section stays as it was (open) when another state is selected.
  const task = inspector.getByTestId('test-state');
  if (!(await task.evaluate((d) => (d as HTMLDetailsElement).open))) await task.locator('summary').click();
  await expect(task.getByTestId('test-state-steps')).toHaveValue(/"Greet"/);
  // The latest execution's input of Ask, and the result Greet gave its template there.
  await task.getByTestId('test-state-last-input').click();
  await expect(task.getByTestId('test-state-steps')).toHaveValue(/"greeting": "Hello, Bob!"/);
  await expect(task.getByTestId('test-state-input')).toHaveValue(/"greeting": "Hello, Bob!"/);
  await task.getByTestId('test-state-steps').fill('{"Greet": {"greeting": "Hello, Ada!"}}');
  await task.getByTestId('test-state-mock').fill('{"text": "Hi Ada!"}');
  await task.getByTestId('test-state-input').fill('{"name": "Ada"}');
  await task.getByTestId('test-state-run').click();
  await expect(task.getByTestId('test-state-status')).toHaveText('SUCCEEDED');
  await expect(task.locator('[data-stage="After Parameters"]')).toContainText('Reply to: Hello, Ada!');
  await expect(task.locator('[data-stage="Output"]')).toContainText('Hi Ada!');
  await page.screenshot({ path: path.join(shots, 'editor-test-state.png'), fullPage: true });

  // Bad input is reported, not sent.
  await task.getByTestId('test-state-input').fill('{not json');
  await task.getByTestId('test-state-run').click();
  await expect(task.getByTestId('test-state-error')).toContainText('not JSON');

  // From the execution's page: a step opens its Test state in the editor with that run's data.
  await page.goto(`/executions/${execution}`);
  await expect(async () => {
    await node(page, 'Ask').click();
    await expect(page.getByTestId('step-name')).toHaveText('Ask', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByTestId('test-in-editor').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}\\?test=Ask&execution=`));
  const linked = page.getByTestId('inspector').getByTestId('test-state');
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Ask');
  await expect(linked.getByTestId('test-state-steps')).toBeVisible();
  await expect(linked.getByTestId('test-state-steps')).toHaveValue(/"greeting": "Hello, Bob!"/);
  await expect(linked.getByTestId('test-state-input')).toHaveValue(/"greeting": "Hello, Bob!"/);
});

test.describe('a mocked Map', () => {
  // The refused mock is the server's 400, which the browser logs.
  test.use({ consoleAllowed: [/status of 400 \(Bad Request\)/] });

  test('test a Map state with a mock standing for its iterations: its settings, and its tolerance', async ({ page, request }) => {
    const id = await create(request, 'e2e test map', {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map', ItemsPath: '$.tables', MaxConcurrency: 2, ToleratedFailureCount: 0, ResultPath: '$.sizes', End: true,
          ItemProcessor: { StartAt: 'Size', States: { Size: { Type: 'Task', Resource: 'get_table_count', End: true } } },
        },
      },
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/workflows/${id}`);
    const inspector = page.getByTestId('inspector');
    // The Map is drawn around its processor: its caption, top left, selects it.
    await expect(async () => {
      await node(page, 'Each').click({ position: { x: 24, y: 14 } });
      await expect(inspector.getByTestId('state-name')).toHaveValue('Each', { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const section = inspector.getByTestId('test-state');
    await section.locator('summary').click();
    await section.getByTestId('test-state-input').fill('{"tables": ["a", "b"]}');
    await section.getByTestId('test-state-mock').fill('[10, 20]');
    await section.getByTestId('test-state-run').click();
    await expect(section.getByTestId('test-state-status')).toHaveText('SUCCEEDED');
    await expect(section.locator('[data-stage="After ItemsPath"]')).toContainText('"b"');
    await expect(section.locator('[data-stage="MaxConcurrency"]')).toContainText('2');
    await expect(section.locator('[data-stage="ToleratedFailureCount"]')).toContainText('0');
    await expect(section.locator('[data-stage="Output"]')).toContainText('20');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'editor-test-map.png'), fullPage: true });
    // A mock that is not the Map's result (an array) is refused with AWS's words.
    await section.getByTestId('test-state-mock').fill('{"n": 1}');
    await section.getByTestId('test-state-run').click();
    await expect(section.getByTestId('test-state-error')).toContainText('Mocked result must be an array.');

    // The Map's own fields: its tolerance shows what the definition holds; distributed mode
    // brings an execution type and the batcher, whose first field creates ItemBatcher.
    const tolerance = inspector.getByTestId('map-tolerance');
    await tolerance.locator('summary').click();
    await expect(tolerance.locator('[data-field="/ToleratedFailureCount"] input')).toHaveValue('0');
    await expect(inspector.getByTestId('map-distributed')).toHaveCount(0);
    await inspector.getByTestId('map-mode').selectOption('DISTRIBUTED');
    await expect(inspector.getByTestId('map-execution-type')).toHaveValue('STANDARD');
    await inspector.getByTestId('map-execution-type').selectOption('EXPRESS');
    const distributed = inspector.getByTestId('map-distributed');
    await distributed.locator('[data-field="/ItemBatcher/MaxItemsPerBatch"] input').fill('25');
    await tolerance.locator('[data-field="/ToleratedFailurePercentage"] input').fill('150');
    await expect(tolerance.locator('[data-field="/ToleratedFailurePercentage"] [data-field-problem]')).toBeVisible();
    await tolerance.locator('[data-field="/ToleratedFailurePercentage"] input').fill('10');
    await expect(tolerance.locator('[data-field-problem]')).toHaveCount(0);
    const pane = page.getByTestId('definition-json');
    const each = async () => JSON.parse(await pane.inputValue()).States.Each;
    await expect.poll(async () => (await each()).ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    await expect.poll(async () => (await each()).ItemBatcher).toEqual({ MaxItemsPerBatch: 25 });
    await expect.poll(async () => (await each()).ToleratedFailurePercentage).toBe(10);
    // Back to inline: the processor config goes; the batcher stays, and so does its group.
    await inspector.getByTestId('map-mode').selectOption('INLINE');
    await expect(inspector.getByTestId('map-execution-type')).toHaveCount(0);
    await expect(distributed).toBeVisible();
    await expect.poll(async () => (await each()).ItemProcessor.ProcessorConfig).toBeUndefined();
  });
});

test('copy a state in one workflow and paste it into another (Ctrl+C, Ctrl+V)', async ({ page, request }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const from = await create(request, 'e2e copy from', {
    StartAt: 'First',
    States: { First: { Type: 'Pass', Result: { n: 1 }, Next: 'Last' }, Last: { Type: 'Succeed' } },
  });
  const to = await create(request, 'e2e paste into', { StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });
  await openSelected(page, from, 'First');
  await page.keyboard.press('Control+c');
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ First: { Type: 'Pass', Result: { n: 1 }, Next: 'Last' } });

  const inspector = await openSelected(page, to, 'Only');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'First')).toHaveCount(1);
  await expect(inspector.getByTestId('state-name')).toHaveValue('First');
  const pasted = JSON.parse(await page.getByTestId('definition-json').inputValue());
  // One state goes after the selected one, as a palette add: it takes Only's place at the end
  // (its Next to `Last`, which was not copied, gives way).
  expect(pasted.States).toEqual({ Only: { Type: 'Pass', Next: 'First' }, First: { Type: 'Pass', Result: { n: 1 }, End: true } });
  await expect(page.getByTestId('validity')).toContainText('Valid');
  // Pasting again gives a free name; Ctrl+Z takes it back.
  await page.keyboard.press('Control+v');
  await expect(node(page, 'First 2')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'First 2')).toHaveCount(0);
  // Typing in a field pastes text, not states.
  await node(page, 'First').click();
  await expect(inspector.getByTestId('state-name')).toHaveValue('First');
  await inspector.locator('[data-field="/Comment"] input').focus();
  await page.keyboard.press('Control+v');
  await expect(node(page, 'First 2')).toHaveCount(0);
});

test('unsaved edits: a link or Run asks before leaving the editor, and staying keeps the edits', async ({ page, request }) => {
  const id = await create(request, 'e2e editor leave', { StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });
  await openSelected(page, id, 'Only');
  const dialogs: string[] = [];
  const answer = (accept: boolean) =>
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      void (accept ? d.accept() : d.dismiss());
    });
  // Clean: a link leaves without asking.
  await page.getByRole('link', { name: 'Version history →' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}/versions$`));
  expect(dialogs).toEqual([]);
  await openSelected(page, id, 'Only');
  await page.keyboard.press('Control+d');
  await expect(node(page, 'Only 2')).toHaveCount(1);
  await expect(page.getByTestId('version')).toContainText('unsaved changes');

  // Staying: the click is dropped and the edit is still there.
  answer(false);
  await page.getByRole('link', { name: 'State machines', exact: true }).first().click();
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toContain('unsaved changes');
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}$`));
  await expect(node(page, 'Only 2')).toHaveCount(1);
  answer(false);
  await page.getByTestId('run').click();
  await expect.poll(() => dialogs.length).toBe(2);
  expect(dialogs[1]).toContain('Run the saved version');
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}$`));

  // Leaving when the person agrees; once saved, nothing asks.
  answer(true);
  await page.getByRole('link', { name: 'State machines', exact: true }).first().click();
  await expect(page).toHaveURL(/\/$/);
  expect(dialogs).toHaveLength(3);
  const inspector = await openSelected(page, id, 'Only');
  await inspector.locator('[data-field="/Comment"] input').fill('a valid edit');
  await inspector.locator('[data-field="/Comment"] input').press('Tab');
  await expect(page.getByTestId('version')).toContainText('unsaved changes');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('version')).toHaveText('Version 2');
  await page.getByRole('link', { name: 'State machines', exact: true }).first().click();
  await expect(page).toHaveURL(/\/$/);
  expect(dialogs).toHaveLength(3);
});

test('benchmark: a generated 500-state workflow lays out and renders (reports the time)', async ({ page, request }) => {
  test.setTimeout(90_000);
  const definition = generated(500);
  const verdict = await (await request.post('/api/validate', { data: { definition } })).json();
  expect(verdict).toMatchObject({ valid: true });
  const id = await create(request, 'e2e 500 states', definition);

  // First paint: the server lays out while rendering the page.
  await page.goto(`/workflows/${id}`);
  await expect(page.locator('g[data-state]')).toHaveCount(500);
  const nav = await page.evaluate(() => {
    const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { ttfb: e.responseStart - e.startTime, domContentLoaded: e.domContentLoadedEventEnd - e.startTime };
  });
  // Wait for hydration (the Fit button reacts), then time edits: from the pane's input event
  // to the re-laid-out graph in the DOM (wasm parse + validation, server layout, render).
  await expect(async () => {
    await page.getByTestId('zoom-in').click();
    await expect(page.getByTestId('workflow-graph')).not.toHaveAttribute('viewBox', /^0\.0 0\.0 /, { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  // One timed edit: renames `old` to `newName` in the pane's text. With `preset`, the new text
  // is put into the pane and laid out by the browser before the clock starts, so the time is
  // the editor's alone (parse, validation, server layout, graph render) without the browser's
  // re-layout of the 60 KB textarea, which the plain runs include as a paste would.
  const edit = (old: string, newName: string, preset: boolean) =>
    page.evaluate(
      ({ old, newName, preset }) =>
        new Promise<number>((resolve) => {
          const pane = document.querySelector('[data-testid="definition-json"]') as HTMLTextAreaElement;
          const text = pane.value.replaceAll(`"${old}"`, `"${newName}"`);
          const done = () =>
            document.querySelector(`g[data-state="${newName}"]`) && document.querySelectorAll('g[data-state]').length === 500;
          if (preset) {
            pane.value = text;
            void pane.getBoundingClientRect().height;
          }
          const start = performance.now();
          const observer = new MutationObserver(() => {
            if (done()) {
              observer.disconnect();
              // Count the frame the browser paints it in.
              requestAnimationFrame(() => resolve(performance.now() - start));
            }
          });
          observer.observe(document.body, { childList: true, subtree: true, attributes: true });
          if (!preset) pane.value = text;
          pane.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      { old, newName, preset },
    );
  const names = ['Step001', 'Renamed001', 'Renamed002', 'Renamed003', 'Renamed004', 'Renamed005'];
  const runs: number[] = [];
  for (let i = 1; i < names.length; i++) runs.push(await edit(names[i - 1], names[i], false));
  // Then back to the first name and forward again, preset.
  const presetRuns: number[] = [await edit('Renamed005', 'Step001', true)];
  for (let i = 1; i < names.length; i++) presetRuns.push(await edit(names[i - 1], names[i], true));
  await expect(page.locator('g[data-state]')).toHaveCount(500);
  await expect(node(page, 'Renamed005')).toHaveCount(1);
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  const report = {
    states: 500,
    firstLoad: { ttfbMs: Math.round(nav.ttfb), domContentLoadedMs: Math.round(nav.domContentLoaded) },
    editToRenderedMs: runs.map(Math.round),
    medianEditToRenderedMs: median(runs),
    paneExcludedMs: presetRuns.map(Math.round),
    medianPaneExcludedMs: median(presetRuns),
    budgetMs: 300,
  };
  console.log(`500-state benchmark: ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'benchmark', description: JSON.stringify(report) });
  fs.writeFileSync(path.join(shots, 'benchmark-500.json'), JSON.stringify(report, null, 2) + '\n');
  // Fit shows all 500 states, however small.
  await page.getByTestId('fit-view').click();
  await expect(page.getByTestId('workflow-graph')).toHaveAttribute('viewBox', /^0\.0 0\.0 /);

  // Opened afresh, a drawing too large to read whole shows its top at a readable size, where
  // the workflow starts, instead of a blank strip of 500 tiny boxes.
  const fresh = await page.context().newPage();
  await fresh.setViewportSize({ width: 1280, height: 720 });
  await fresh.goto(`/workflows/${id}`);
  await expect(async () => {
    const first = (await node(fresh, 'Step000').boundingBox())!;
    const canvas = (await fresh.getByTestId('workflow-graph').boundingBox())!;
    expect(first.width).toBeGreaterThan(100);
    expect(first.y).toBeGreaterThanOrEqual(canvas.y);
    expect(first.y + first.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  }).toPass({ timeout: 20_000 });
  await fresh.screenshot({ path: path.join(shots, 'editor-500-states.png') });
  await fresh.close();

  // Finding a state on the big graph: part of its name, any case; it is selected and centred.
  const find = page.getByTestId('find-state');
  await find.fill('step250');
  await find.press('Enter');
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Step250');
  const graphBox = (await page.getByTestId('workflow-graph').boundingBox())!;
  const found = (await node(page, 'Step250').boundingBox())!;
  const middle = (b: { x: number; y: number; width: number; height: number }) => [b.x + b.width / 2, b.y + b.height / 2];
  const [gx, gy] = middle(graphBox);
  const [fx, fy] = middle(found);
  expect(Math.abs(fx - gx)).toBeLessThan(20);
  expect(Math.abs(fy - gy)).toBeLessThan(20);
  expect(found.width).toBeGreaterThan(60);
  await page.screenshot({ path: path.join(shots, 'editor-500-found.png') });
  await find.fill('no such state');
  await find.press('Enter');
  await expect(find).toHaveAttribute('title', 'No state has that name');
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Step250');
});

// The inspector's name field after a refused rename (a taken, empty or too long name): the
// refusal is said beside the field, and the field shows the state's real name again once it is
// left or on Escape, so it never disagrees with the graph (as in Workflow Studio).
test('a refused state name gives way to the real one when the field is left, or on Escape', async ({ page, request }) => {
  const id = await create(request, 'e2e rename refused', {
    StartAt: 'First',
    States: { First: { Type: 'Pass', Next: 'Second' }, Second: { Type: 'Succeed' } },
  });
  const inspector = await openSelected(page, id, 'First');
  const field = inspector.getByTestId('state-name');
  const refusal = inspector.getByTestId('state-name-error');
  const pane = page.getByTestId('definition-json');

  // A taken name, then leaving the field: the real name is back, the refusal stays beside it.
  await field.fill('Second');
  await field.press('Tab');
  await expect(field).toHaveValue('First');
  await expect(refusal).toContainText('a state named “Second” already exists');
  await expect(refusal).toContainText('still “First”');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(node(page, 'First')).toHaveCount(1);
  await expect(pane).toHaveValue(/"StartAt": "First"/);
  await page.screenshot({ path: path.join(shots, 'editor-rename-refused.png') });

  // Enter on a refused name keeps the text to correct and names the real one; Escape puts the
  // real name back (the state stays selected).
  await field.fill('   ');
  await expect(refusal).toHaveCount(0);
  await field.press('Enter');
  await expect(refusal).toContainText('cannot be empty');
  await expect(refusal).toContainText('Esc');
  await expect(field).toHaveValue('   ');
  await field.press('Escape');
  await expect(field).toHaveValue('First');
  await expect(refusal).toHaveCount(0);

  // Too long, Enter, then another field: the real name is back.
  await field.fill('x'.repeat(81));
  await field.press('Enter');
  await expect(field).toHaveValue('x'.repeat(81));
  await inspector.locator('[data-field="/Comment"] input').click();
  await expect(field).toHaveValue('First');
  await expect(refusal).toContainText('at most 80 characters');
  await expect(node(page, 'First')).toHaveCount(1);

  // An allowed name still renames, with the references following.
  await field.fill('Start');
  await field.press('Enter');
  await expect(node(page, 'Start')).toHaveCount(1);
  await expect(pane).toHaveValue(/"StartAt": "Start"/);
  await expect(inspector.getByTestId('state-name')).toHaveValue('Start');
  await expect(inspector.getByTestId('state-name-error')).toHaveCount(0);
  // Undo and redo of the rename keep the state selected under its name of the moment.
  await page.getByTestId('undo').click();
  await expect(node(page, 'First')).toHaveCount(1);
  await expect(inspector.getByTestId('state-name')).toHaveValue('First');
  await page.getByTestId('redo').click();
  await expect(inspector.getByTestId('state-name')).toHaveValue('Start');
});
