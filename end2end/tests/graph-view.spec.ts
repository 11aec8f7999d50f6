// Where the graph's view goes. After an edit the zoom stays (as in n8n and Workflow Studio): a
// palette click with nothing selected, or a drop on an arrow, pans at most, to show the new
// state; it used to fit the whole drawing (captions ~5 px). A finished execution opens with
// the state Step details selects (the failed one) in view, at drawn size, not at the top of
// the drawing with that state below the canvas's edge. (The live run's following is in
// graph-drawing.spec.ts.)
import type { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './console';
import { create, graph, open, arrow, drop } from './editor-helpers';

/** Eight states, too tall (at 1280 × 900) to read whole: the drawing opens at its top. */
const tall = {
  StartAt: 'Load',
  States: {
    Load: { Type: 'Pass', Next: 'Clean' },
    Clean: { Type: 'Pass', Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' }], Default: 'Small' },
    Big: { Type: 'Pass', Next: 'Merge' },
    Small: { Type: 'Pass', Next: 'Merge' },
    Merge: { Type: 'Pass', Next: 'Notify' },
    Notify: { Type: 'Pass', Next: 'Summarize' },
    Summarize: { Type: 'Fail', Error: 'Summary.Failed', Cause: 'Nothing to summarize.' },
  },
};

/** A Map whose failing state sits low in its frame. */
const map = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      End: true,
      ItemProcessor: {
        StartAt: 'Read',
        States: {
          Read: { Type: 'Pass', Next: 'Parse' },
          Parse: { Type: 'Pass', Next: 'Check' },
          Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 2, Next: 'Boom' }], Default: 'Fine' },
          Boom: { Type: 'Fail', Error: 'Item.Bad', Cause: 'Item 2 is bad.' },
          Fine: { Type: 'Pass', End: true },
        },
      },
    },
  },
};

async function start(request: APIRequestContext, id: string, input: object = {}) {
  const started = await request.post(`/api/workflows/${id}/executions`, { data: { input } });
  expect(started.status()).toBe(201);
  return (await started.json()).executionId as string;
}

/** The canvas's zoom: graph units per pixel. */
async function scale(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg[data-testid="workflow-graph"]') as SVGSVGElement;
    const v = svg.viewBox.baseVal;
    const r = svg.getBoundingClientRect();
    return Math.max(v.width / r.width, v.height / r.height);
  });
}

/** Whether the selection halo lies wholly inside the part of the canvas in the window. */
async function haloShown(page: Page) {
  return page.evaluate(() => {
    const halo = document.querySelector('[data-testid="selection-halo"]');
    if (!halo) return false;
    const c = document.querySelector('svg[data-testid="workflow-graph"]')!.getBoundingClientRect();
    const r = halo.getBoundingClientRect();
    const [top, bottom] = [Math.max(c.top, 0), Math.min(c.bottom, window.innerHeight)];
    return r.top >= top - 1 && r.bottom <= bottom + 1 && r.left >= c.left - 1 && r.right <= c.right + 1;
  });
}

test('an edit keeps the zoom: a palette click or a drop on an arrow pans at most', async ({ page, request }) => {
  const id = await create(request, 'e2e view kept', tall);
  await open(page, id, 1280);
  await expect(graph(page)).not.toHaveAttribute('viewBox', /^0\.0 0\.0 /);
  const opened = await scale(page);
  expect(opened).toBeLessThanOrEqual(1.5);

  // Nothing selected: the new state is added unconnected, and selected.
  await page.locator('[data-palette="Pass"]').click();
  await expect(page.locator('g[data-state]')).toHaveCount(9);
  await expect(page.getByTestId('selection-halo')).toHaveCount(1);
  await expect.poll(() => haloShown(page), { timeout: 5_000 }).toBe(true);
  expect(await scale(page)).toBeCloseTo(opened, 3);

  // A drop on an arrow: inserted there, in view, at the same zoom.
  await drop(page, '[data-palette="Wait"]', await arrow(page, 'Load', 'Clean'));
  await expect(page.locator('g[data-state]')).toHaveCount(10);
  await expect.poll(() => haloShown(page), { timeout: 5_000 }).toBe(true);
  expect(await scale(page)).toBeCloseTo(opened, 3);

  // Fit still shows the whole drawing.
  await page.getByTestId('fit-view').click();
  await expect(graph(page)).toHaveAttribute('viewBox', /^0\.0 0\.0 /);
});

test('a failed execution opens with its failed state in view, at drawn size', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const exec = await start(request, await create(request, 'e2e opens on the failure', tall), { n: 2 });
  await page.goto(`/executions/${exec}`);
  await expect(page.getByTestId('execution-status')).toHaveText('Failed', { timeout: 15_000 });
  await expect(page.getByTestId('step-detail').getByTestId('step-name')).toHaveText('Summarize');
  await expect.poll(() => haloShown(page), { timeout: 5_000 }).toBe(true);
  // Not the whole drawing fitted: the opening zoom.
  expect(await scale(page)).toBeLessThanOrEqual(1.5);
});

test('at 800 px a failed Map iteration opens with its failed state in view', async ({ page, request }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  const items = [0, 1, 2, 3].map((n) => ({ n }));
  const exec = await start(request, await create(request, 'e2e opens on the failed iteration', map), { items });
  await page.goto(`/executions/${exec}`);
  await expect(page.getByTestId('execution-status')).toHaveText('Failed', { timeout: 15_000 });
  await expect(page.getByTestId('step-detail').getByTestId('step-name')).toHaveText('Boom');
  await expect.poll(() => haloShown(page), { timeout: 5_000 }).toBe(true);
  expect(await scale(page)).toBeLessThanOrEqual(1.5);
});
