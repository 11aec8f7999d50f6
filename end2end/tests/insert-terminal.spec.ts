// A Succeed or Fail inserted where a chain goes on cuts off what followed (nothing can follow a
// terminal state). The editor does what was asked, but says so: the drop hint before, the
// editor's notice after, and Ctrl+Z takes it back (and the notice with it).
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

  // A Fail on the Next arrow A → Check would end the chain there.
  await dragOver(page, '[data-palette="Fail"]', await arrow(page, 'A', 'Check'));
  await expect(warning).toHaveText('Leaves “Check” and 3 more unreachable');
  await page.mouse.up();
  await expect(node(page, 'Fail')).toHaveCount(1);
  expect((await definition(page)).States.A.Next).toBe('Fail');
  await expect(notice).toHaveText('Left unreachable: “Check” and 3 more (“Fail” ends the path). Ctrl+Z undoes it.');
  await page.keyboard.press('Control+z');
  await expect.poll(() => definition(page)).toEqual(chain);
  await expect(notice).toHaveCount(0);

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
