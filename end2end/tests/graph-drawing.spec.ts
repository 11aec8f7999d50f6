// How the graph is drawn: handles inside their state's box and off its text, each Choice rule's
// arrow leaving from that rule's handle (every arrow names its transition in `data-edge`), and
// the execution view following the running state down a tall workflow unless the user moved
// the view. Screenshots go to end2end/screenshots/ (look at them).
import type { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './console';
import * as fs from 'node:fs';
import * as path from 'node:path';

const shots = path.join(__dirname, '..', 'screenshots');
fs.mkdirSync(shots, { recursive: true });

test.use({ viewport: { width: 1280, height: 800 } });

async function create(request: APIRequestContext, name: string, definition: object) {
  const created = await request.post('/api/workflows', { data: { name, definition } });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

const node = (page: Page, name: string) => page.locator(`g[data-state="${name}"]`);

/** Whether state `name`'s box lies wholly inside the canvas on screen. */
async function inView(page: Page, name: string) {
  return page.evaluate((name) => {
    const svg = document.querySelector('[data-testid="workflow-graph"]')!.getBoundingClientRect();
    const r = document.querySelector(`g[data-state="${name}"] > rect`)!.getBoundingClientRect();
    return r.top >= svg.top && r.bottom <= svg.bottom && r.left >= svg.left && r.right <= svg.right;
  }, name);
}

test('handles sit inside their state, off its text; each Choice rule\'s arrow leaves from its handle', async ({ page, request }) => {
  const id = await create(request, 'e2e graph handles', {
    StartAt: 'Fetch',
    States: {
      Fetch: { Type: 'Task', Resource: 'get_db_size', Next: 'Route', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }] },
      Route: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.size', NumericGreaterThan: 100, Next: 'Big' },
          { Variable: '$.size', NumericLessThan: 0, Next: 'Negative' },
          { Variable: '$.retry', BooleanEquals: true, Next: 'Fetch' },
        ],
        Default: 'Small',
      },
      Big: { Type: 'Pass', Next: 'Done' },
      Negative: { Type: 'Fail', Error: 'Negative' },
      Small: { Type: 'Wait', Seconds: 1, Next: 'Done' },
      Oops: { Type: 'Fail', Error: 'E' },
      Done: { Type: 'Succeed' },
    },
  });
  await page.goto(`/workflows/${id}`);
  await expect(node(page, 'Route').locator('[data-handle="default"]')).toHaveCount(1);

  // No handle leaves its state's box or covers a line of its caption (name, type, resource).
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const g of document.querySelectorAll('[data-testid="workflow-graph"] g[data-state]')) {
      const name = g.getAttribute('data-state');
      const box = g.querySelector(':scope > rect')!.getBoundingClientRect();
      const lines = [...g.querySelectorAll(':scope > text')].filter((t) => t.textContent).map((t) => [t.textContent, t.getBoundingClientRect()] as const);
      for (const h of g.querySelectorAll('[data-handle]')) {
        const c = h.querySelector('circle')!.getBoundingClientRect();
        const which = `${name}'s ${h.getAttribute('data-handle')} handle`;
        if (c.left < box.left - 0.5 || c.right > box.right + 0.5 || c.top < box.top - 0.5 || c.bottom > box.bottom + 0.5) out.push(`${which} leaves its box`);
        for (const [text, r] of lines) if (overlap(c, r)) out.push(`${which} covers "${text}"`);
      }
    }
    return out;
  });
  expect(problems).toEqual([]);

  // Every arrow out of the Choice starts on its box's bottom edge, under its own handle.
  const starts = await page.evaluate(() => {
    const svg = document.querySelector('[data-testid="workflow-graph"]')!;
    const box = svg.querySelector('g[data-state="Route"] > rect')!.getBoundingClientRect();
    return [...svg.querySelectorAll('g[data-edge^="Route->"]')].map((g) => {
      const edge = g.getAttribute('data-edge')!;
      const handle = svg.querySelector(`g[data-state="Route"] [data-handle="${edge.split(':').pop()}"] circle`)!.getBoundingClientRect();
      const path = g.querySelector('path')!;
      // An arrow laid out reversed (a loop) has its head at the start and its source at the end.
      const at = path.hasAttribute('marker-start') ? path.getTotalLength() : 0;
      const p = path.getPointAtLength(at).matrixTransform(path.getScreenCTM()!);
      return { edge, dx: Math.abs(p.x - (handle.left + handle.width / 2)), dy: Math.abs(p.y - box.bottom) };
    });
  });
  expect(starts.map((s) => s.edge).sort()).toEqual(['Route->Big:rule-0', 'Route->Fetch:rule-2', 'Route->Negative:rule-1', 'Route->Small:default']);
  for (const s of starts) {
    expect(s.dx, `${s.edge} starts under its handle`).toBeLessThan(1.5);
    expect(s.dy, `${s.edge} starts on the box's bottom edge`).toBeLessThan(1.5);
  }
  // The other arrows name their transitions too (drop targets for the palette).
  for (const edge of ['Start->Fetch:start', 'Fetch->Route:next', 'Fetch->Oops:catch-0', 'Done->End:end']) {
    await expect(page.locator(`g[data-edge="${edge}"]`)).toHaveCount(1);
  }
  await node(page, 'Route').hover();
  await page.getByTestId('workflow-graph').screenshot({ path: path.join(shots, 'graph-handles-editor.png') });
});

test('the execution view follows the running state down a tall workflow, unless the user moved the view', async ({ page, request }) => {
  test.setTimeout(90_000);
  // 20 Pass states, a Wait in the middle, 20 more, a long Wait at the bottom.
  const states: Record<string, object> = {};
  const chain = (prefix: string, next: string) => {
    for (let i = 0; i < 20; i++) states[`${prefix}${String(i).padStart(2, '0')}`] = { Type: 'Pass', Next: i < 19 ? `${prefix}${String(i + 1).padStart(2, '0')}` : next };
  };
  chain('P', 'Middle');
  states['Middle'] = { Type: 'Wait', Seconds: 8, Next: 'Q00' };
  chain('Q', 'Bottom');
  states['Bottom'] = { Type: 'Wait', Seconds: 40, Next: 'Done' };
  states['Done'] = { Type: 'Succeed' };
  const id = await create(request, 'e2e graph follow', { StartAt: 'P00', States: states });
  const started = await request.post(`/api/workflows/${id}/executions`, { data: { input: {} } });
  expect(started.status()).toBe(201);
  const exec = (await started.json()).executionId as string;

  await page.goto(`/executions/${exec}`);
  const graph = page.getByTestId('workflow-graph');
  await expect(node(page, 'Middle')).toHaveAttribute('data-status', 'running', { timeout: 15_000 });
  // The drawing opens at its top; the running state, far below, is brought into view.
  await expect.poll(() => inView(page, 'Middle'), { timeout: 5_000 }).toBe(true);
  await expect(page.getByTestId('follow-running')).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: path.join(shots, 'graph-follow-running.png') });

  // The user drags the view up: it is theirs now, and the next running state does not move it.
  const g = (await graph.boundingBox())!;
  await page.mouse.move(g.x + 12, g.y + 40);
  await page.mouse.down();
  await page.mouse.move(g.x + 12, g.y + 400, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('follow-running')).toHaveAttribute('aria-pressed', 'false');
  const panned = await graph.getAttribute('viewBox');
  await expect(node(page, 'Bottom')).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await page.waitForTimeout(500);
  expect(await graph.getAttribute('viewBox')).toBe(panned);
  expect(await inView(page, 'Bottom')).toBe(false);

  // Follow turns it back on and shows what runs now.
  await page.getByTestId('follow-running').click();
  await expect(page.getByTestId('follow-running')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => inView(page, 'Bottom'), { timeout: 5_000 }).toBe(true);
});
