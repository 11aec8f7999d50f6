// A server that requires its API token (WFM_API_TOKEN, as when it listens off loopback; the
// second web server of playwright.config.ts): nothing is shown or changed without it, the
// browser signs in with an HttpOnly session cookie that does not hold the token, and signs out.
import { test, expect } from './console';

const addr = process.env.WFM_E2E_AUTH_ADDR ?? '127.0.0.1:3102';
const TOKEN = 'e2e-secret-token';

// Requests made before signing in are refused with 401, which Chromium logs.
test.use({ baseURL: `http://${addr}`, consoleAllowed: [/status of 401 \(Unauthorized\)/] });

test('with an API token: refused without it, sign in, see the workflows, sign out', async ({ page, request }) => {
  expect((await request.get('/api/workflows')).status()).toBe(401);
  expect((await request.get('/api/workflows', { headers: { authorization: `Bearer ${TOKEN}` } })).status()).toBe(200);

  await page.goto('/');
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.locator('tr[data-workflow="hello-world"]')).toHaveCount(0);

  // A wrong token is refused where it was typed (retried until the form is hydrated).
  await expect(async () => {
    await page.getByTestId('sign-in-token').fill('not-the-token');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in').getByRole('alert')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  await page.getByTestId('sign-in-token').fill(TOKEN);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.locator('tr[data-workflow="hello-world"]')).toBeVisible();
  await expect(page.getByTestId('sign-in')).toHaveCount(0);
  const session = (await page.context().cookies()).find((c) => c.name === 'wfm_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  expect(session?.value).not.toContain(TOKEN);

  await expect(async () => {
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('sign-in')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator('tr[data-workflow="hello-world"]')).toHaveCount(0);
  expect((await page.context().cookies()).find((c) => c.name === 'wfm_session' && c.value)).toBeUndefined();
});
