// Saves headless screenshots of the running app: `node end2end/screenshot.mjs [base-url] [out-dir]`.
// The workflow page (with a state selected) becomes docs/screenshot.png for the README.
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? 'docs';
const browser = await chromium.launch({
  executablePath: process.env.WFM_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(`${base}/`);
await page.waitForLoadState('networkidle');
await page.screenshot({ path: `${out}/home.png`, fullPage: true });
await page.goto(`${base}/workflows/readyset-optimization`);
await page.waitForLoadState('networkidle');
for (let i = 0; i < 20; i++) {
  await page.locator('g[data-state="ChooseQueriesToCache"]').click();
  if ((await page.getByTestId('step-detail').innerText()).includes('call_llm')) break;
  await page.waitForTimeout(250);
}
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: `${out}/screenshot.png`, fullPage: true });
await browser.close();
