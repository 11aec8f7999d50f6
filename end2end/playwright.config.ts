// Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
// The web server is the release `wfm` that `cargo leptos build --release` made; it is started
// on its own port (3100) so a running `scripts/dev.sh` on 3000 does not get in the way.
import { defineConfig } from '@playwright/test';
import * as path from 'node:path';
import * as os from 'node:os';

const root = path.resolve(__dirname, '..');
const cache = process.env.WFM_CACHE ?? path.join(os.homedir(), '.cache', 'wfm');
const target = process.env.CARGO_TARGET_DIR ?? path.join(cache, 'target');
const addr = process.env.WFM_E2E_ADDR ?? '127.0.0.1:3100';
const authAddr = process.env.WFM_E2E_AUTH_ADDR ?? '127.0.0.1:3102';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://${addr}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.WFM_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [{
    command: `${path.join(target, 'release', 'wfm')} serve --addr ${addr}`,
    cwd: root,
    env: {
      WFM_WORKFLOWS_DIR: path.join(root, 'workflows'),
      // A fresh store per run, and LLM calls to the fake server that tests/fake-llm.ts starts.
      WFM_DATABASE_URL: `sqlite://${path.join(os.tmpdir(), `wfm-e2e-${Date.now()}.sqlite`)}`,
      OPENAI_BASE_URL: `http://127.0.0.1:${process.env.WFM_E2E_LLM_PORT ?? 3191}/v1`,
      OPENAI_API_KEY: 'e2e-fake-key',
      ANTHROPIC_API_KEY: '',
    },
    url: `http://${addr}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  }, {
    // The same server with an API token (as off loopback): tests/auth.spec.ts signs in and out.
    command: `${path.join(target, 'release', 'wfm')} serve --addr ${authAddr}`,
    cwd: root,
    env: {
      WFM_WORKFLOWS_DIR: path.join(root, 'workflows'),
      WFM_DATABASE_URL: `sqlite://${path.join(os.tmpdir(), `wfm-e2e-auth-${Date.now()}.sqlite`)}`,
      WFM_API_TOKEN: 'e2e-secret-token',
    },
    url: `http://${authAddr}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  }],
});
