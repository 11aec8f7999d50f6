// What the editor's Playwright journeys share: a workflow made through the API, opening it once
// hydrated, the states and arrows on the canvas, and dragging a palette item onto it.
import type { Page, APIRequestContext } from '@playwright/test';
import { expect } from './console';

export const chain = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' }], Default: 'Small' },
    Big: { Type: 'Pass', Next: 'Done' },
    Small: { Type: 'Pass', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

export async function create(request: APIRequestContext, name: string, definition: object) {
  const created = await request.post('/api/workflows', { data: { name, definition } });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

export const node = (page: Page, name: string) => page.locator(`g[data-state="${name}"]`);
export const graph = (page: Page) => page.getByTestId('workflow-graph');
export const definition = async (page: Page) => JSON.parse(await page.getByTestId('definition-json').inputValue());

/** Opens workflow `id` at `width` px, once hydrated (the panels' folding is decided then). */
export async function open(page: Page, id: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`/workflows/${id}`);
  await expect(page.getByTestId('palette-toggle')).toHaveAttribute('aria-expanded', /^(true|false)$/, { timeout: 20_000 });
}

/** The middle of the arrow whose ends touch the boxes of `from` and `to`, relative to the
 * canvas SVG (what `dragTo`'s targetPosition takes). */
export async function arrow(page: Page, from: string, to: string) {
  const at = await page.evaluate(([from, to]) => {
    const svg = document.querySelector('svg[data-testid="workflow-graph"]')!;
    const box = (n: string) => svg.querySelector(`g[data-state="${n}"] rect`)!.getBoundingClientRect();
    const near = (p: DOMPoint, r: DOMRect) =>
      Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom)) < 12;
    const [a, b] = [box(from), box(to)];
    for (const path of svg.querySelectorAll<SVGPathElement>('path[d]')) {
      if (path.closest('defs')) continue;
      const len = path.getTotalLength();
      const point = (l: number) => path.getPointAtLength(l).matrixTransform(path.getScreenCTM()!);
      const [start, end] = [point(0), point(len)];
      if ((near(start, a) && near(end, b)) || (near(start, b) && near(end, a))) {
        const mid = point(len / 2);
        const s = svg.getBoundingClientRect();
        return { x: mid.x - s.left, y: mid.y - s.top };
      }
    }
    return null;
  }, [from, to]);
  expect(at, `an arrow ${from} → ${to}`).toBeTruthy();
  return at!;
}

/** Drags palette item `item` onto the canvas SVG at `at`. */
export async function drop(page: Page, item: string, at: { x: number; y: number }) {
  await page.locator(item).dragTo(graph(page), { targetPosition: at });
}

/** Drags palette item `item` over the canvas SVG at `at` and holds it there, so the drop hint
 * can be read; `page.mouse.up()` drops it. */
export async function dragOver(page: Page, item: string, at: { x: number; y: number }) {
  await page.locator(item).hover();
  await page.mouse.down();
  // Plain mouse moves: `hover({ position })` over an arrow's path left Chromium's drag without
  // a dragover on the canvas (over a box or the empty canvas it did not).
  const box = (await graph(page).boundingBox())!;
  await page.mouse.move(box.x + at.x, box.y + at.y, { steps: 5 });
  await page.mouse.move(box.x + at.x + 1, box.y + at.y, { steps: 2 });
}
