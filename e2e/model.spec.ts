/**
 * The embedded model in the browser worker, on both backends, against the scores onnxruntime-node
 * computed at build time (src/core/llm/fixtures/reference-scores.json). Stated tolerances, from
 * what was measured here:
 * - fp32 weights: WASM and WebGPU equal Node within 1e-3 (measured ≈ 3e-6).
 * - int8 weights (the default): WASM and WebGPU equal Node's int8 scores within 1e-3, equal each
 *   other within 1e-3 (measured ≈ 2e-6), and stay within the quantization bound of the fp32 torch
 *   scores that the build measured and pinned (tolerances.int8VsTorch); a prefix-cached score equals
 *   a recomputed one within 1e-4. Every backend folds the int8 weights into floats at load
 *   (LoadModelOptions.foldWeightDequantization), so all compute the same products. Before that,
 *   onnxruntime-node ran its own int8 kernel and landed up to 0.10 nats from the browser.
 * Then the hub path: a hub-layout mirror on 127.0.0.1, a download cached by the browser, and a
 * second load with the mirror gone.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { launchChromium, WEBGPU } from './browsers';
import { artifactPath } from './artifacts';
import { startHubMirror } from './hub-mirror';

interface Fixture {
  tolerances: { int8VsTorch: number };
  cases: Array<{ name: string; prefix: string[]; candidates: string[]; torchFp32: number[]; nodeFp32: number[]; nodeInt8: number[] }>;
}
const TOLERANCE = { fp32AcrossBackends: 1e-3, int8AcrossBackends: 1e-3, int8BrowserBackends: 1e-3, cachedVsFull: 1e-4 };
const fixture = JSON.parse(readFileSync('src/core/llm/fixtures/reference-scores.json', 'utf8')) as Fixture;

type Lab = { request(kind: string, params: object): Promise<unknown> };

/**
 * The fixture's decisions scored in the worker. `nextStep` appends one more step (an action and
 * its observation) to every prefix, as the agent's next decision would: scored right after the
 * fixture itself, its new tokens extend the cached prefix in the same run as the candidates.
 */
async function scoreFixture(page: Page, reusePrefix = true, nextStep = false) {
  const cases = fixture.cases.map((c) => ({ ...c, prefix: nextStep ? [...c.prefix, ' look\n', 'Nothing happens.\n>'] : c.prefix }));
  return page.evaluate(
    async ({ cases, reusePrefix }) => {
      const lab = (window as unknown as { __jerpLab: Lab }).__jerpLab;
      const out: number[][] = [];
      for (const c of cases) out.push(((await lab.request('model.score', { prefix: c.prefix, candidates: c.candidates, reusePrefix })) as { logProbs: number[] }).logProbs);
      return out;
    },
    { cases, reusePrefix },
  );
}

function expectClose(actual: number[][], expected: number[][], tolerance: number, label: string) {
  fixture.cases.forEach((c, i) => {
    expected[i].forEach((want, j) => {
      expect(Math.abs(actual[i][j] - want), `${label} ${c.name} candidate ${j}: ${actual[i][j]} vs ${want}`).toBeLessThanOrEqual(tolerance);
    });
  });
}

const torchFp32 = fixture.cases.map((c) => c.torchFp32);
const nodeFp32 = fixture.cases.map((c) => c.nodeFp32);
const nodeInt8 = fixture.cases.map((c) => c.nodeInt8);
/** int8 scores per browser backend, compared with each other once both ran. */
const int8ByBackend = new Map<string, number[][]>();

for (const variant of [
  { name: 'WASM', args: [] as string[] },
  { name: 'WebGPU', args: WEBGPU },
]) {
  test(`embedded model on ${variant.name} scores like Node`, async ({ baseURL }) => {
    test.setTimeout(240_000);
    const browser = await launchChromium(variant.args);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${baseURL}#/model`);
      await expect(page.getByTestId('backend')).toHaveText(new RegExp(`^${variant.name}`));
      // 'auto' prefers WASM over a software WebGPU adapter, so the WebGPU run asks for it explicitly.
      if (variant.name === 'WebGPU') {
        await expect(page.getByLabel('Device').locator('option[value=auto]')).toHaveText(/WASM: the WebGPU adapter is software/);
      }
      await page.getByLabel('Device').selectOption(variant.name === 'WebGPU' ? 'webgpu' : 'auto');
      // A copy of the runtime in transformers.js's cache, as an earlier build of the lab kept it: the load deletes it.
      await page.evaluate(async () => (await caches.open('transformers-cache')).put('/assets/ort-wasm-simd-threaded-0ld.wasm', new Response('stale')));
      await page.getByRole('button', { name: 'Load embedded model' }).click();
      // Fail fast on a load error instead of waiting out the timeout for the loaded card.
      await expect(page.getByTestId('model-loaded').or(page.getByTestId('model-error'))).toBeVisible({ timeout: 180_000 });
      await expect(page.getByTestId('model-error')).toHaveCount(0);
      await expect(page.getByTestId('model-device')).toHaveText(variant.name);
      await expect(page.getByTestId('model-scoring')).toContainText('one token trie');
      // ONNX Runtime compiled its wasm streamed from the lab's own files (so Chromium can cache the
      // compiled code): no copy of the runtime sits in the origin's Cache Storage, using its quota,
      // neither a new one nor the stale one. The model's own files stay.
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        return urls;
      });
      expect(cached.some((url) => url.endsWith('model_int8.onnx')), `Cache Storage: ${cached.join(', ')}`).toBe(true);
      expect(cached.filter((url) => /ort-wasm/.test(url))).toEqual([]);
      const int8 = await scoreFixture(page);
      int8ByBackend.set(variant.name, int8);
      expectClose(int8, nodeInt8, TOLERANCE.int8AcrossBackends, `${variant.name} int8 vs Node int8`);
      expectClose(int8, torchFp32, fixture.tolerances.int8VsTorch, `${variant.name} int8 vs torch fp32`);
      expectClose(await scoreFixture(page, false), int8, TOLERANCE.cachedVsFull, `${variant.name} int8 recomputed vs prefix-cached`);
      // The fixture's prefixes are still cached from the first scoring (recomputing bypasses the
      // cache), so each next step extends one: new prefix tokens and candidates in one run.
      const extended = await scoreFixture(page, true, true);
      expectClose(await scoreFixture(page, false, true), extended, TOLERANCE.cachedVsFull, `${variant.name} int8 next step recomputed vs extended`);
      // The playground scores its example step with the rule and again without it, side by side.
      await page.getByRole('button', { name: 'Score' }).click();
      await expect(page.getByTestId('scores')).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('scores').getByRole('columnheader', { name: 'without rules' })).toBeVisible();
      await expect(page.getByTestId('scores').getByRole('row')).toHaveCount(7);
      await page.screenshot({ path: artifactPath(`model-${variant.name.toLowerCase()}.png`), fullPage: true });
      await page.getByLabel('Episode so far').fill('> look');
      await page.getByRole('button', { name: 'Score' }).click();
      await expect(page.getByText('Episode so far: The episode starts with an action')).toBeVisible();

      const device = variant.name === 'WebGPU' ? 'webgpu' : 'wasm';
      const fp32 = await page.evaluate((d) => (window as unknown as { __jerpLab: Lab }).__jerpLab.request('model.load', { device: d, dtype: 'fp32' }), device);
      expect(fp32).toMatchObject({ dtype: 'fp32', device });
      expectClose(await scoreFixture(page), nodeFp32, TOLERANCE.fp32AcrossBackends, `${variant.name} fp32 vs Node fp32`);
    } finally {
      await browser.close();
    }
  });
}

test('a WebGPU load after a WASM one gets a fresh worker and runs on WebGPU', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const browser = await launchChromium(WEBGPU);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseURL}#/model`);
    await expect(page.getByTestId('backend')).toHaveText(/^WebGPU/);
    const loadOn = async (device: 'wasm' | 'webgpu', shown: string) => {
      await page.getByLabel('Device').selectOption(device);
      await page.getByRole('button', { name: 'Load embedded model' }).click();
      await expect(page.getByTestId('model-device').or(page.getByTestId('model-error'))).toHaveText(shown, { timeout: 180_000 });
    };
    // The first load starts ONNX Runtime's WASM-only build in the worker (workers/ort-build.ts) ...
    await loadOn('wasm', 'WASM');
    // ... which cannot run WebGPU: the lab restarts the worker and loads again there.
    await loadOn('webgpu', 'WebGPU');
    await expect(page.getByTestId('model-error')).toHaveCount(0);
    await expect(page.getByTestId('worker-status')).toHaveText('Worker running');
    expectClose(await scoreFixture(page), nodeInt8, TOLERANCE.int8AcrossBackends, 'WebGPU after WASM, int8 vs Node int8');
  } finally {
    await browser.close();
  }
});

test('int8 scores agree between the browser backends', () => {
  test.skip(int8ByBackend.size < 2, 'needs both backend tests to have run');
  expectClose(int8ByBackend.get('WebGPU')!, int8ByBackend.get('WASM')!, TOLERANCE.int8BrowserBackends, 'WebGPU int8 vs WASM int8');
});

test('a missing local model is a clear error, and the lab keeps working', async ({ page }) => {
  await page.goto('./#/model');
  const outcome = await page.evaluate(async () => {
    const lab = (window as unknown as { __jerpLab: Lab }).__jerpLab;
    try {
      await lab.request('model.load', { modelId: 'no-such-model', device: 'wasm' });
      return 'loaded';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  expect(outcome).toMatch(/^ModelFilesMissingError: .*no-such-model.*missing/);
  await expect(page.getByTestId('worker-status')).toHaveText('Worker running');
});

test('hub path: downloads from a hub-layout server, caches in the browser, loads again offline', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const mirror = await startHubMirror();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${baseURL}#/model`);
    const load = (remoteHost: string) =>
      page.evaluate(async (host) => {
        const lab = (window as unknown as { __jerpLab: Lab }).__jerpLab;
        return (await lab.request('model.load', { modelId: 'jerp-lab/jerp-tiny', hub: true, remoteHost: host, device: 'wasm' })) as { id: string };
      }, remoteHost);
    const first = await load(mirror.url);
    expect(first.id).toBe('jerp-lab/jerp-tiny');
    expect(mirror.requests.some((r) => r.endsWith('/resolve/main/config.json'))).toBe(true);
    expect(mirror.requests.some((r) => r.includes('/onnx/'))).toBe(true);
    await mirror.close();
    const fetchedBefore = mirror.requests.length;
    // A fresh page (new worker) with the mirror gone: everything comes from the browser's cache.
    await page.reload();
    const second = await load(mirror.url);
    expect(second.id).toBe('jerp-lab/jerp-tiny');
    expect(mirror.requests.length).toBe(fetchedBefore);
    expectClose(await scoreFixture(page), torchFp32, fixture.tolerances.int8VsTorch, 'hub copy int8 vs torch fp32');
  } finally {
    await context.close();
    await mirror.close().catch(() => {});
  }
});
