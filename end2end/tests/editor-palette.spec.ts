// The editor's palette as in AWS Workflow Studio and n8n: drag a state type or a task function
// onto an arrow (inserted on it), a state (inserted after it) or the empty canvas (added
// unconnected); a click with a state selected inserts after it; one undo takes each back. And
// the side panels: folded by default on a narrow screen (at 800 px they left ~220 px of
// canvas), a toggle each, and as tall as the canvas.
// Screenshots go to end2end/screenshots/ (look at them).
import { test, expect } from './console';
import { chain, create, node, graph, definition, open, arrow, drop } from './editor-helpers';
import * as fs from 'node:fs';
import * as path from 'node:path';

const shots = path.join(__dirname, '..', 'screenshots');
fs.mkdirSync(shots, { recursive: true });

test('palette items dropped onto arrows, a state and the canvas are inserted there; one undo each', async ({ page, request }) => {
  const id = await create(request, 'e2e palette drops', chain);
  await open(page, id, 1280);
  const inspector = page.getByTestId('inspector');

  // Onto the Next arrow A → Check: A → Wait → Check, and Wait is selected.
  await drop(page, '[data-palette="Wait"]', await arrow(page, 'A', 'Check'));
  await expect(node(page, 'Wait')).toHaveCount(1);
  let d = await definition(page);
  expect([d.States.A.Next, d.States.Wait.Next, d.States.Wait.End]).toEqual(['Wait', 'Check', undefined]);
  await expect(inspector.getByTestId('state-name')).toHaveValue('Wait');
  await page.getByTestId('undo').click();
  await expect.poll(() => definition(page)).toEqual(chain);
  await expect(node(page, 'Wait')).toHaveCount(0);

  // A task function onto the Default arrow: the Default points at it, it goes on to Small.
  await drop(page, '[data-palette-function="get_db_size"]', await arrow(page, 'Check', 'Small'));
  await expect(node(page, 'Get db size')).toHaveCount(1);
  d = await definition(page);
  expect(d.States.Check.Default).toBe('Get db size');
  expect(d.States['Get db size']).toMatchObject({ Type: 'Task', Resource: 'get_db_size', Next: 'Small' });
  expect(d.States.Check.Choices[0].Next).toBe('Big');

  // Onto the rule's arrow Check → Big.
  await drop(page, '[data-palette="Pass"]', await arrow(page, 'Check', 'Big'));
  await expect(node(page, 'Pass')).toHaveCount(1);
  d = await definition(page);
  expect([d.States.Check.Choices[0].Next, d.States.Pass.Next]).toEqual(['Pass', 'Big']);

  // Onto a state: after it (Big → Task → Done).
  const big = await node(page, 'Big').locator('rect').first().boundingBox();
  const svg = await graph(page).boundingBox();
  await drop(page, '[data-palette="Task"]', { x: big!.x + big!.width / 2 - svg!.x, y: big!.y + big!.height / 2 - svg!.y });
  await expect(node(page, 'Task')).toHaveCount(1);
  d = await definition(page);
  expect([d.States.Big.Next, d.States.Task.Next, d.States.Task.End]).toEqual(['Task', 'Done', undefined]);

  // Onto the empty canvas (the drawing's bottom-left corner, after Fit): added unconnected.
  await page.getByTestId('fit-view').click();
  await drop(page, '[data-palette="Succeed"]', { x: 6, y: svg!.height - 6 });
  await expect(node(page, 'Succeed')).toHaveCount(1);
  d = await definition(page);
  expect(JSON.stringify(d)).not.toMatch(/"(Next|Default)":"Succeed"/);
  await expect(inspector.getByTestId('state-name')).toHaveValue('Succeed');
  await page.getByTestId('undo').click();
  await expect(node(page, 'Succeed')).toHaveCount(0);
  await expect(node(page, 'Task')).toHaveCount(1);
  await page.screenshot({ path: path.join(shots, 'editor-palette-drops.png') });
});

test('a palette click inserts after the selected state: mid-chain, at the end, after a new one', async ({ page, request }) => {
  const start = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } };
  const id = await create(request, 'e2e palette click', start);
  await open(page, id, 1280);
  const inspector = page.getByTestId('inspector');
  const select = async (name: string) => {
    await node(page, name).click();
    await expect(inspector.getByTestId('state-name')).toHaveValue(name);
  };

  await select('A');
  await page.locator('[data-palette="Wait"]').click();
  await expect(inspector.getByTestId('state-name')).toHaveValue('Wait');
  let d = await definition(page);
  expect([d.States.A.Next, d.States.Wait.Next, d.States.Wait.End]).toEqual(['Wait', 'B', undefined]);
  await page.getByTestId('undo').click();
  await expect.poll(() => definition(page)).toEqual(start);

  // B ends: it goes on to the new state, which ends; then a function after that one.
  await select('B');
  await page.locator('[data-palette="Pass"]').click();
  await page.locator('[data-palette-function="get_db_size"]').click();
  await expect(node(page, 'Get db size')).toHaveCount(1);
  d = await definition(page);
  expect([d.States.B.Next, d.States.Pass.Next, d.States['Get db size'].End]).toEqual(['Pass', 'Get db size', true]);
  await expect(page.getByTestId('validity')).toHaveText('✓ Valid');
});

test('side panels fold on a narrow screen, toggle, and are as tall as the canvas', async ({ page, request }) => {
  const id = await create(request, 'e2e palette panels', chain);

  // 800 px: both panels folded to strips, the canvas keeps most of the width.
  await open(page, id, 800);
  const [paletteToggle, inspectorToggle] = [page.getByTestId('palette-toggle'), page.getByTestId('inspector-toggle')];
  await expect(paletteToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(paletteToggle).toHaveAccessibleName('Show the palette');
  await expect(inspectorToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('palette')).toBeHidden();
  await expect(page.getByTestId('palette-strip')).toBeVisible();
  expect((await graph(page).boundingBox())!.width).toBeGreaterThan(560);
  await page.screenshot({ path: path.join(shots, 'editor-panels-800.png') });

  // Opened by hand, the palette gives way when a drop opens the inspector (both open left the
  // canvas ~220 px).
  await paletteToggle.click();
  await expect(page.getByTestId('palette')).toBeVisible();
  await drop(page, '[data-palette="Pass"]', await arrow(page, 'A', 'Check'));
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Pass');
  await expect(paletteToggle).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(async () => (await graph(page).boundingBox())!.width).toBeGreaterThan(300);
  await page.getByTestId('undo').click();
  await expect.poll(() => definition(page)).toEqual(chain);

  // Selecting a state shows it in the inspector (which the selection above opened, as n8n and
  // Workflow Studio do, so there is something to edit in sight).
  await node(page, 'Big').click();
  await expect(inspectorToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Big');

  // The strip's tiles add states too (after the selected one).
  await page.locator('[data-palette-mini="Wait"]').click();
  await expect(node(page, 'Wait')).toHaveCount(1);
  expect((await definition(page)).States.Big.Next).toBe('Wait');

  // Opened, the palette stays open across edits; the inspector shows the new state.
  await paletteToggle.click();
  await expect(page.getByTestId('palette')).toBeVisible();
  await expect(paletteToggle).toHaveAccessibleName('Hide the palette');
  await page.locator('[data-palette="Pass"]').click();
  await expect(node(page, 'Pass')).toHaveCount(1);
  await expect(page.getByTestId('palette')).toBeVisible();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Pass');
  await page.screenshot({ path: path.join(shots, 'editor-panels-800-open.png') });
  await paletteToggle.click();
  await inspectorToggle.click();
  await expect(page.getByTestId('palette')).toBeHidden();
  await expect(page.getByTestId('inspector')).toBeHidden();
  // Folded by the user, the inspector stays folded when another state is selected.
  await node(page, 'Small').click();
  await expect(page.getByTestId('inspector-strip')).toHaveText('Inspector · Small');
  await expect(inspectorToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('inspector')).toBeHidden();

  // 1280 px: both open, as tall as the canvas column; folding the palette widens the canvas.
  await open(page, id, 1280);
  await expect(paletteToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(inspectorToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('palette')).toBeVisible();
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  for (const panel of ['palette-panel', 'inspector-panel']) {
    const box = (await page.getByTestId(panel).boundingBox())!;
    expect(Math.abs(box.y - canvas.y), panel).toBeLessThanOrEqual(1);
    expect(Math.abs(box.height - canvas.height), panel).toBeLessThanOrEqual(1);
  }
  await page.screenshot({ path: path.join(shots, 'editor-panels-1280.png') });
  const before = (await graph(page).boundingBox())!.width;
  await paletteToggle.click();
  await expect.poll(async () => (await graph(page).boundingBox())!.width).toBeGreaterThan(before + 100);
});
