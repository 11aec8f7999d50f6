// A loopback stand-in for an OpenAI-compatible chat-completions server, started by the tests
// themselves. `wfm serve` reaches it through OPENAI_BASE_URL (see playwright.config.ts). It
// streams the answer that the prompt asks for in small chunks, slowly enough to watch it grow.
import * as http from 'node:http';

export const FAKE_LLM_PORT = Number(process.env.WFM_E2E_LLM_PORT ?? 3191);

/** Answers keyed by a word the prompt contains; the first match wins. With `status`, the answer
 * is sent whole with that HTTP status instead of streamed (an API error). With `times`, the
 * entry answers that many requests and is then passed over (a failure that goes away). */
export type Script = Array<{ when: string; answer: string; status?: number; times?: number }>;

export async function startFakeLlm(script: Script, chunkDelayMs = 40): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const prompt = JSON.stringify(JSON.parse(body || '{}').messages ?? []);
      const entry = script.find((s) => prompt.includes(s.when) && (s.times === undefined || s.times > 0));
      if (entry?.times !== undefined) entry.times -= 1;
      const answer = entry?.answer ?? 'No scripted answer.';
      if (entry?.status) {
        res.writeHead(entry.status, { 'content-type': 'application/json' });
        res.end(answer);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (v: unknown) => res.write(`data: ${JSON.stringify(v)}\n\n`);
      for (let i = 0; i < answer.length; i += 12) {
        send({ model: 'fake-gpt', choices: [{ index: 0, delta: { content: answer.slice(i, i + 12) } }] });
        await new Promise((r) => setTimeout(r, chunkDelayMs));
      }
      send({ model: 'fake-gpt', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      send({ model: 'fake-gpt', choices: [], usage: { prompt_tokens: 42, completion_tokens: 17 } });
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(FAKE_LLM_PORT, '127.0.0.1', () => resolve());
  });
  return server;
}
