// The `test` every spec uses: it fails a test on any console error, uncaught page error or
// hydration message, so every journey also checks that the page hydrated cleanly.
// A test that provokes an error response on purpose lists the console lines it expects with
// `test.use({ consoleAllowed: [/…/] })`.
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ consoleAllowed: RegExp[]; consoleProblems: string[] }>({
  consoleAllowed: [[], { option: true }],
  consoleProblems: [
    async ({ page, consoleAllowed }, use) => {
      const problems: string[] = [];
      page.on('console', (m) => {
        const text = m.text();
        if ((m.type() === 'error' || /hydrat/i.test(text)) && !consoleAllowed.some((r) => r.test(text))) {
          problems.push(`${m.type()}: ${text}`);
        }
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await use(problems);
      expect(problems, 'console errors or hydration warnings').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
