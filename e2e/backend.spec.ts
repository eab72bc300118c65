/**
 * The status bar must say which backend the lab detected, in two real Chromium launches:
 * with --enable-unsafe-webgpu Chromium exposes a software WebGPU adapter (SwiftShader), and
 * without it the lab falls back to WASM and says why.
 */
import { expect, test } from '@playwright/test';
import { launchChromium, WEBGPU } from './browsers';
import { artifactPath } from './artifacts';

for (const variant of [
  { name: 'webgpu', args: WEBGPU, expected: /^WebGPU/ },
  { name: 'wasm', args: [], expected: /^WASM/ },
]) {
  test(`status bar shows ${variant.name} backend`, async ({ baseURL }) => {
    const browser = await launchChromium(variant.args);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      await page.goto(`${baseURL}#/model`);
      const backend = page.getByTestId('backend');
      await expect(backend).toHaveText(variant.expected);
      await expect(page.getByTestId('backend-details')).toBeVisible();
      if (variant.name === 'webgpu') {
        await expect(page.getByTestId('backend-reason')).toContainText('WebGPU adapter');
      } else {
        await expect(page.getByTestId('backend-reason')).toContainText('running on WASM');
      }
      await page.screenshot({ path: artifactPath(`backend-${variant.name}.png`), fullPage: true });
    } finally {
      await browser.close();
    }
  });
}
