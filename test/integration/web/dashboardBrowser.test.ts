/**
 * The dashboard of a real run, in a real browser (Debian's chromium driven
 * by playwright-core): ticket states change on the plan's DAG, clicking a
 * ticket shows its statechart and history, and the pause button pauses the
 * engine. A screenshot is kept in test-artifacts/.
 *
 * The run cannot end before the test lets it: GATE waits for a file the test
 * writes at the end, and FINAL depends on it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/index.js';
import { createEngine } from '../../../src/runtime/createEngine.js';
import { engineDashboardSource } from '../../../src/runtime/web/engineDashboardSource.js';
import { startDashboardServer } from '../../../src/runtime/web/startDashboardServer.js';

const CHROMIUM = '/usr/bin/chromium';
/** From ../shared/FACTS.md: without the background-networking flags chromium floods the closed network. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const artifacts = join(import.meta.dirname, '..', '..', '..', 'test-artifacts');
const work = mkdtempSync(join(tmpdir(), 'tpe-web-browser-'));
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

function releasePlan() {
  const step = (id: string, deps: string[] = []) => ({ id, title: `Step ${id}`, run: 'sleep 0.3', estimate: '300ms', depends_on: deps });
  const loaded = compilePlan(
    {
      name: 'dashboard-demo',
      agents: { shell: { count: 3 } },
      tickets: [
        { id: 'GATE', title: 'Wait for the test', run: 'while [ ! -f go ]; do sleep 0.05; done', estimate: '2s' },
        step('S1'),
        step('S2', ['S1']),
        step('S3', ['S1']),
        step('S4', ['S2', 'S3']),
        step('S5', ['S4']),
        step('S6', ['S4']),
        step('S7', ['S5', 'S6']),
        { id: 'FINAL', title: 'Ship it', run: 'true', estimate: '100ms', depends_on: ['GATE', 'S7'] },
      ],
    },
    { file: join(work, 'plan.yaml'), baseDir: work },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}

describe.skipIf(!hasChromium)('dashboard in a browser', () => {
  it('shows a live run, its tickets and statecharts, and pauses it', { timeout: 60_000 }, async () => {
    const engine = createEngine(releasePlan(), { workspace: work });
    const server = await startDashboardServer(engineDashboardSource(engine));
    cleanups.push(() => server.close());
    const finished = engine.start();
    cleanups.push(async () => {
      writeFileSync(join(work, 'go'), '');
      if (!['completed', 'failed', 'stopped'].includes(engine.state())) await engine.stop({ force: true }).catch(() => undefined);
    });

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await page.goto(server.url);

    // The DAG is inlined and its tickets change state as the run goes.
    await page.waitForSelector('#dag svg #ticket-S1');
    expect(await page.locator('#dag .ticket').count()).toBe(9);
    await page.waitForSelector('#dag [data-state="executing"]');
    await page.waitForSelector('#dag [data-state="completed"]');
    await expect.poll(() => page.locator('#run-state').textContent()).toBe('running');
    await expect.poll(() => page.locator('#agents tbody tr[data-agent]').count()).toBe(3);

    // A ticket: its statechart with the current state highlighted, and its history.
    await page.locator('#dag #ticket-S1').click();
    await page.waitForSelector('#ticket-chart svg .current');
    expect(await page.locator('#ticket-chart .current').getAttribute('id')).toBe('state-completed');
    await expect.poll(() => page.locator('#ticket-history li').count()).toBeGreaterThan(0);
    expect(await page.locator('#ticket-title').textContent()).toContain('S1');
    const history = await page.locator('#ticket-history li').allTextContents();
    expect(history.join('\n')).toMatch(/executing[\s\S]*completed/);

    // The waiting list explains FINAL; clicking it there selects it.
    await page.waitForSelector('#waits li[data-ticket="FINAL"]');
    await page.locator('#waits button[data-ticket="FINAL"]').click();
    await expect.poll(() => page.locator('#ticket-title').textContent()).toContain('FINAL');
    await page.waitForSelector('#ticket-chart #state-waiting.current');

    // Pause from the page: the engine pauses and the page says so.
    await page.locator('#pause').click();
    await expect.poll(() => page.locator('#run-state').textContent(), { timeout: 10_000 }).toBe('paused');
    expect(engine.state()).toBe('paused');
    expect(await page.locator('#resume').isEnabled()).toBe(true);
    expect(await page.locator('#pause').isEnabled()).toBe(false);

    await page.locator('#resume').click();
    await expect.poll(() => page.locator('#run-state').textContent(), { timeout: 10_000 }).toBe('running');
    await page.waitForSelector('#gantt rect.bar');
    await page.locator('#dag #ticket-GATE').click();
    await page.waitForSelector('#ticket-chart .current');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });

    // Let the run end: every ticket completes, and the page follows.
    writeFileSync(join(work, 'go'), '');
    const result = await finished;
    expect(result.status).toBe('completed');
    await expect.poll(() => page.locator('#run-state').textContent(), { timeout: 10_000 }).toBe('completed');
    await expect.poll(() => page.locator('#dag [data-state="completed"]').count()).toBe(9);
    await expect.poll(() => page.locator('#connection').textContent()).toBe('ended');
    expect(await page.locator('#fig-completion').textContent()).toBe('100%');
    await page.screenshot({ path: join(artifacts, 'dashboard-completed.png'), fullPage: true });

    expect(problems).toEqual([]);
  });
});
