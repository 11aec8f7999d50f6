// A Succeed or Fail inserted where a chain goes on cuts off what followed (nothing can follow a
// terminal state). The editor does what was asked, but says so: the drop hint before (placed
// so it hides neither the arrow's target nor its label), the editor's notice after (over the
// canvas: nothing moves), Ctrl+Z takes it back (and the notice with it), Ctrl+Shift+Z redoes
// it and says it again.
import { test, expect } from './console';
import { chain, create, node, definition, open, arrow, dragOver } from './editor-helpers';

test('a Succeed or Fail put mid-chain says what it leaves unreachable, before and after', async ({ page, request }) => {
  const id = await create(request, 'e2e insert terminal', chain);
  await open(page, id, 1280);
  const [hint, warning, notice] = [page.getByTestId('drop-hint'), page.getByTestId('drop-warning'), page.getByTestId('editor-notice')];

  // A Pass goes on to what followed: no warning, before or after.
  await dragOver(page, '[data-palette="Pass"]', await arrow(page, 'A', 'Check'));
  await expect(hint).toContainText('Insert between “A” and “Check”');
  await expect(warning).toHaveCount(0);
  await page.mouse.up();
  await expect(node(page, 'Pass')).toHaveCount(1);
  await expect(notice).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect.poll(() => definition(page)).toEqual(chain);

  // A Fail on the Next arrow A → Check would end the chain there. The notice hangs over the
  // canvas: the canvas and the panels stay where they were below the toolbar.
  const below = async () => (await page.getByTestId('canvas').boundingBox())!.y - (await page.getByTestId('validity').boundingBox())!.y;
  const canvasTop = await below();
  await dragOver(page, '[data-palette="Fail"]', await arrow(page, 'A', 'Check'));
  await expect(warning).toHaveText('Leaves “Check” and 3 more unreachable');
  await page.mouse.up();
  await expect(node(page, 'Fail')).toHaveCount(1);
  const d = await definition(page);
  expect(d.States.A.Next).toBe('Fail');
  expect(d.States.Fail).toEqual({ Type: 'Fail' });
  const said = 'Left unreachable: “Check” and 3 more (“Fail” ends the path). Ctrl+Z undoes it.';
  await expect(notice).toHaveText(said);
  expect(await below()).toBe(canvasTop);
  await page.keyboard.press('Control+z');
  await expect.poll(() => definition(page)).toEqual(chain);
  await expect(notice).toHaveCount(0);
  // Redone, it is said again; the × dismisses it.
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'Fail')).toHaveCount(1);
  await expect(notice).toHaveText(said);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect.poll(() => definition(page)).toEqual(chain);

  // Over the Default arrow Check → Small, the hint hides neither Small nor the arrow's label.
  await dragOver(page, '[data-palette="Pass"]', await arrow(page, 'Check', 'Small'));
  await expect(hint).toContainText('“Check” and “Small”');
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const hintBox = (await hint.boundingBox())!;
  expect(overlaps(hintBox, (await node(page, 'Small').boundingBox())!), 'the hint covers Small').toBe(false);
  expect(overlaps(hintBox, (await page.locator('[data-edge-label="Default"]').boundingBox())!), 'the hint covers “Default”').toBe(false);
  await page.mouse.up();
  await expect(node(page, 'Pass')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect.poll(() => definition(page)).toEqual(chain);

  // On a Choice rule's arrow, the rule's target is cut off; Done is still reached through Small.
  await dragOver(page, '[data-palette="Fail"]', await arrow(page, 'Check', 'Big'));
  await expect(warning).toHaveText('Leaves “Big” unreachable');
  await page.mouse.up();
  await expect(notice).toHaveText('Left unreachable: “Big” (“Fail” ends the path). Ctrl+Z undoes it.');
  await page.keyboard.press('Control+z');
  await expect.poll(() => definition(page)).toEqual(chain);

  // A click with Big selected puts a Succeed after it: Done is still reached, so nothing is said.
  await node(page, 'Big').click();
  await expect(page.getByTestId('inspector').getByTestId('state-name')).toHaveValue('Big');
  await page.locator('[data-palette="Succeed"]').click();
  await expect(node(page, 'Succeed')).toHaveCount(1);
  expect((await definition(page)).States.Big.Next).toBe('Succeed');
  await expect(notice).toHaveCount(0);
});
