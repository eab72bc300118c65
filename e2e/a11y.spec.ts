/**
 * Every view, for every user: axe (WCAG 2.x A/AA rules and best practices, which include a name for
 * every button, link, field and menu) finds no serious or critical violation;
 * at 390 px wide (a phone) the page does not scroll sideways and no card's content sticks out of
 * it; long unbroken text wraps. Screenshots of each view at 1280 and 390 px go to e2e/artifacts/.
 * The views come from the router's own list, so a new view is covered without editing this spec.
 * Every page also runs under the production server's Content-Security-Policy: a violation fails.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { VIEWS } from '../src/ui/router';
import { artifactPath } from './artifacts';

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** CSP reports and uncaught page errors, collected while the test runs. */
function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Serious and critical axe violations, one readable line each (rule, impact, where). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

/** The page's sideways scroll, and each card whose content is wider than the card itself. */
async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; view: string | null; cards: string[] }> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    // The view itself may scroll (it is the main scroll area), but only up and down.
    const main = document.querySelector<HTMLElement>('main.view')!;
    const view = main.scrollWidth > main.clientWidth + 1 ? `main.view: ${main.scrollWidth} > ${main.clientWidth}` : null;
    const cards = [...document.querySelectorAll<HTMLElement>('.card')]
      .filter((card) => card.scrollWidth > card.clientWidth + 1)
      .map((card) => `${card.getAttribute('aria-label') ?? card.querySelector('h2')?.textContent ?? card.className}: ${card.scrollWidth} > ${card.clientWidth}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, view, cards };
  });
}

/** What each view shows beyond its first paint, so the checks see its controls, not an empty page. */
const PREPARE: Partial<Record<string, (page: Page) => Promise<void>>> = {
  lab: async (page) => {
    const panel = page.getByRole('article', { name: 'Play a game' });
    await expect(panel.getByText(/of 0–\d+/)).toBeVisible();
    await panel.getByRole('button', { name: 'Open game' }).click();
    await expect(panel.getByTestId('transcript')).toContainText('Your task is to:');
    // A long unbroken command must wrap in the transcript, not widen the card.
    await panel.getByLabel('Command', { exact: true }).fill(`take_${'x'.repeat(240)}`);
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(panel.getByTestId('play-status')).toContainText('Step 1/');
    await panel.getByText(/admissible commands/).click();
  },
  rules: async (page) => {
    // A bundled pack fills the library, so the rule rows and their controls are checked too.
    await page.getByLabel('Load a bundled pack').selectOption('knowself_webshop');
    await expect(page.getByRole('status')).toContainText('Imported');
  },
  trajectories: async (page) => {
    // The real logged episodes, one opened step by step.
    await page.goto('./#/trajectories/real');
    await expect(page.getByTestId('replay-summary')).toContainText('12 episodes');
    await page.getByTestId('reference-episode').first().getByRole('link').first().click();
    await expect(page.getByRole('region', { name: /^Replay of/ })).toBeVisible();
  },
  model: async (page) => {
    await page.getByRole('button', { name: 'Load embedded model' }).click();
    await expect(page.getByTestId('model-loaded')).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    await expect(page.getByTestId('scores')).toBeVisible({ timeout: 60_000 });
  },
};

for (const view of VIEWS) {
  test(`${view.id}: no serious axe violations, no sideways scroll at 390 px`, async ({ page }) => {
    const problems = watchPage(page);
    await page.setViewportSize(WIDE);
    await page.goto(`./#/${view.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('backend')).not.toHaveText(/Detecting/);
    await PREPARE[view.id]?.(page);
    await page.screenshot({ path: artifactPath(`a11y-${view.id}-1280.png`), fullPage: true });
    expect(await seriousViolations(page), `axe on #/${view.id} at 1280 px`).toEqual([]);

    await page.setViewportSize(PHONE);
    // Layout settles within a frame; reading sizes after the next one avoids a stale measure.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: artifactPath(`a11y-${view.id}-390.png`), fullPage: true });
    const sizes = await overflow(page);
    expect(sizes.scrollWidth, `#/${view.id} scrolls sideways at 390 px`).toBeLessThanOrEqual(sizes.clientWidth);
    expect(sizes.view, `#/${view.id}'s view scrolls sideways at 390 px`).toBeNull();
    expect(sizes.cards, `cards whose content overflows at 390 px on #/${view.id}`).toEqual([]);
    // The phone layout changes some elements (tables that scroll in their own box): check it too.
    expect(await seriousViolations(page), `axe on #/${view.id} at 390 px`).toEqual([]);
    expect(problems).toEqual([]);
  });
}
