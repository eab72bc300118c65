/**
 * Chromium launched by a spec itself (rather than Playwright's shared browser), the way the
 * config launches it: Debian's Chromium, offline. With WEBGPU, Chromium exposes a software WebGPU
 * adapter (SwiftShader) whose compute shaders run correctly, so the WebGPU path is testable here.
 */
import { type Browser, chromium } from '@playwright/test';
// @ts-expect-error plain ESM helper without type declarations
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../scripts/chromium.mjs';

export const WEBGPU = ['--enable-unsafe-webgpu'] as const;

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: (findChromium as () => string | null)() ?? undefined, args: [...(OFFLINE_CHROMIUM_ARGS as string[]), ...extraArgs] });
}
