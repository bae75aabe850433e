// The SPA's dispatcher screens on a demo tenant: the dispatch board shows the seeded driver on the
// in-transit load and, the next day, the tendered load unassigned; on the documents screen a POD photo is uploaded
// to the delivered load and opened by its signed link; the in-transit load shows its ETAs; the reports
// show the seeded period's figures.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { PNG } from '@attunelogic/shared/documents';
import { freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { seedTenants } from '@attunelogic/e2e-tests/subgraph-commands';
import { launchBrowser, type Browser } from './chromium';
import { api, buildAndServeSpa, type ServedSpa } from './spa';

let stack: Stack;
let spa: ServedSpa;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  spa = await buildAndServeSpa(stack);
});

afterAll(async () => {
  await spa?.close();
  await stack?.stop();
});

beforeEach(async () => {
  browser = await launchBrowser(spa.url);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await browser.screenshot(`spa-failed-${task.name.replace(/\W+/g, '-')}.png`);
  await browser.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(spa.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

describe('the SPA dispatcher screens', () => {
  it('shows the board, uploads a POD photo to a delivered load and opens it by its link, shows ETAs and the reports', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    await seedTenants(stack.mongodbUri, 'trucking', [tenant.slug]);
    const owner = await tokenFor(tenant, 'owner');
    const { loads } = await api<{ loads: { edges: { node: { id: string; referenceNumber: string } }[] } }>(
      stack,
      owner,
      '{ loads(first: 50) { edges { node { id referenceNumber } } } }',
    );
    const idOf = (reference: string) => loads.edges.find((e) => e.node.referenceNumber === reference)!.node.id;

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));

    const board = page.getByRole('region', { name: 'Dispatch board' });
    for (const table of ['Drivers on the board', 'Vehicles on the board']) {
      const moving = board.getByRole('table', { name: table }).locator('tr[data-availability="in_transit"]');
      await expect.poll(() => moving.count(), { timeout: 15_000 }).toBe(1);
      expect(await moving.innerText()).toContain('L-1003');
    }
    // The tendered demo load is picked up tomorrow: the next day's board shows it unassigned.
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(Date.now() + 26 * 3_600_000),
    );
    await board.getByLabel('Day').fill(tomorrow);
    await expect.poll(() => board.getByLabel('Unassigned loads').innerText(), { timeout: 15_000 }).toContain('L-1002');

    const paper = page.getByRole('region', { name: 'Load documents' });
    await expect.poll(() => paper.getByLabel('Load').locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    await paper.getByLabel('Load').selectOption(idOf('L-1004'));
    await paper.getByLabel('Kind').selectOption('pod');
    await paper.getByLabel('File').setInputFiles({ name: 'pod-dallas.png', mimeType: 'image/png', buffer: PNG });
    await paper.getByRole('button', { name: 'Upload' }).click();
    const item = paper.locator('li[data-kind="pod"]');
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    expect(await item.innerText()).toContain('pod-dallas.png');
    const href = await item.getByRole('link', { name: 'Open' }).getAttribute('href');
    const opened = await page.request.get(new URL(href!, spa.url).toString());
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await opened.body()).equals(PNG)).toBe(true);

    await paper.getByLabel('Load').selectOption(idOf('L-1003'));
    await expect.poll(() => paper.getByRole('table', { name: 'ETAs' }).locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The reports of the last 30 days: the seeded deliveries' revenue, the settled pay and the tire
    // replacement as cost, empty miles between the driver's loads; on-time pickups and deliveries.
    const reports = page.getByRole('region', { name: 'Reports' });
    const operating = reports.getByRole('table', { name: 'Operating report' });
    await expect.poll(() => operating.locator('[data-figure="cost"]').innerText(), { timeout: 15_000 }).toContain('$1,120.00 maintenance');
    expect(Number(await operating.locator('[data-figure="loads"]').innerText())).toBeGreaterThanOrEqual(3);
    expect(await operating.locator('[data-figure="revenue-per-distance"]').innerText()).toMatch(/^\$\d/);
    expect(await reports.getByRole('table', { name: 'Per driver' }).locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await reports.getByRole('table', { name: 'On-time report' }).locator('tr[data-stops="deliveries"]').innerText()).toMatch(/%/);
  });
});
