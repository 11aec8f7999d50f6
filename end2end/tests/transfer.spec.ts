// Report (not a check): the bytes each page makes the browser download, as sent on the wire
// (gzip), split into wasm, JS, CSS and the HTML document. Written to
// end2end/screenshots/transfer.json and printed; the README quotes it.
import { test, expect } from './console';
import * as fs from 'node:fs';
import * as path from 'node:path';

const pages: [string, string][] = [
  ['home', '/'],
  ['editor', '/workflows/llm-analysis'],
  ['versions', '/workflows/hello-world/versions'],
  ['executions', '/executions'],
];

test('report: bytes downloaded per page (gzip on the wire)', async ({ page, request }) => {
  // An execution to open: a run of the hello-world example, finished or not.
  const started = await request.post('/api/workflows/hello-world/executions', { data: { input: {} } });
  expect(started.status()).toBe(201);
  const execution = (await started.json()).executionId as string;
  const all: [string, string][] = [...pages, ['execution', `/executions/${execution}`]];
  const report: Record<string, Record<string, number>> = {};
  for (const [name, url] of all) {
    const sizes: Record<string, number> = { wasm: 0, js: 0, css: 0, html: 0, wasmFiles: 0 };
    const pending: Promise<void>[] = [];
    const onResponse = (r: import('@playwright/test').Response) => {
      pending.push(
        (async () => {
          const kind = r.url().endsWith('.wasm') ? 'wasm' : r.url().endsWith('.js') ? 'js' : r.url().endsWith('.css') ? 'css' : r.request().resourceType() === 'document' ? 'html' : null;
          if (!kind) return;
          const s = await r.request().sizes();
          sizes[kind] += s.responseBodySize;
          if (kind === 'wasm') sizes.wasmFiles += 1;
        })(),
      );
    };
    // A fresh context per page: nothing cached from the page before.
    const context = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
    const p = await context.newPage();
    p.on('response', onResponse);
    await p.goto(url, { waitUntil: 'networkidle' });
    if (name === 'execution') await expect(p.getByTestId('execution-status')).toBeVisible();
    await Promise.all(pending);
    await context.close();
    expect(sizes.wasm).toBeGreaterThan(0);
    report[name] = sizes;
  }
  const shots = path.join(__dirname, '..', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(path.join(shots, 'transfer.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`transfer per page (bytes on the wire): ${JSON.stringify(report)}`);
});
