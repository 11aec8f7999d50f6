// The first vertical slice: list → graph → click a node → its JSON beside the graph.
import { test, expect } from '@playwright/test';

test('home page lists the example workflows', async ({ page }) => {
  await page.goto('/');
  for (const id of ['hello-world', 'llm-analysis', 'readyset-optimization']) {
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

  await page.locator('g[data-state="GetTableCount"]').click();
  await expect(detail).toContainText('"Resource": "get_table_count"');
  await expect(detail).not.toContainText('call_llm');
});
