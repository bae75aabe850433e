// Live updates in the reference SPA, in Debian's Chromium: two pages of one trucking tenant and one
// of another, the event relay and the gateway's stream running as they do in production. A status
// change made in one page appears in the other within a second, without a reload; a driver's ping
// moves them on the other page's map; the other tenant's page receives nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { createLogger } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { EventLog, Relay } from '@attunelogic/events';
import { DB_PREFIX, freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { seedTenants } from '@attunelogic/e2e-tests/subgraph-commands';
import { launchBrowser, type Browser } from './chromium';
import { api, buildAndServeSpa, type ServedSpa } from './spa';

let stack: Stack;
let spa: ServedSpa;
let browser: Browser;
let relay: Relay;
let eventsDb: Awaited<ReturnType<typeof connectDatabase>>;

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { EVENTS_STREAM_POLL_MS: '100' } });
  // The relay as `pnpm dev` runs it, over the stack's databases, draining the subgraphs' outboxes into the event log.
  eventsDb = await connectDatabase(stack.mongodbUri, `${DB_PREFIX}-events`);
  const log = new EventLog(eventsDb.db!);
  await log.ensureIndexes();
  relay = new Relay({
    sources: [
      { name: 'trucking', db: stack.connections.trucking.db! },
      { name: 'service', db: stack.connections.service.db! },
    ],
    sink: log,
    batch: 200,
    pollMs: 50,
    logger: createLogger('relay', 'error'),
  });
  await relay.start();
  spa = await buildAndServeSpa(stack);
});

afterAll(async () => {
  await spa?.close();
  await relay?.stop();
  await eventsDb?.close();
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
  await expect.poll(() => page.getByRole('status', { name: 'Live updates' }).getAttribute('data-live-state'), { timeout: 15_000 }).toBe('open');
}

const received = async (page: Page) => Number(await page.getByRole('status', { name: 'Live updates' }).getAttribute('data-received'));
const statusIn = (page: Page, loadId: string) => page.locator(`section[aria-label="Loads"] tr[data-id="${loadId}"] [data-status]`).getAttribute('data-status');

describe('live updates in the SPA', () => {
  it("a status change in one page appears in the other of the same tenant within a second; a driver's ping moves the map; another tenant's page sees nothing", async () => {
    const [tenant, other] = [await freshTenant(stack, 'trucking'), await freshTenant(stack, 'trucking')];
    await seedTenants(stack.mongodbUri, 'trucking', [tenant.slug, other.slug]);
    const owner = await tokenFor(tenant, 'owner');
    const { loads } = await api<{ loads: { edges: { node: { id: string; referenceNumber: string } }[] } }>(
      stack,
      owner,
      '{ loads(first: 50) { edges { node { id referenceNumber } } } }',
    );
    const draft = loads.edges.find((e) => e.node.referenceNumber === 'L-1001')!.node.id;

    const [one, two] = [browser.page, await browser.context.newPage()];
    const stranger = await browser.context.newPage();
    await signIn(one, await tokenFor(tenant, 'dispatcher'));
    await signIn(two, await tokenFor(tenant, 'dispatcher'));
    await signIn(stranger, await tokenFor(other, 'dispatcher'));
    await expect.poll(() => statusIn(two, draft), { timeout: 15_000 }).toBe('draft');

    // The change is made in page one; page two is never reloaded.
    await one.locator(`tr[data-id="${draft}"]`).getByRole('button', { name: 'Tender' }).click();
    await expect.poll(() => statusIn(one, draft), { timeout: 15_000, interval: 20 }).toBe('tendered');
    const answered = performance.now();
    await expect.poll(() => statusIn(two, draft), { timeout: 5_000, interval: 20 }).toBe('tendered');
    const lag = performance.now() - answered;
    console.log(`live update: the other page showed the change ${Math.round(lag)} ms after the first page had its answer`);
    expect(lag).toBeLessThan(1_000);

    // A ping of the seeded driver moves their dot on page two's map.
    const { driverLocations } = await api<{ driverLocations: { edges: { node: { driver: { id: string } } }[] } }>(
      stack,
      owner,
      '{ driverLocations(first: 10) { edges { node { driver { id } } } } }',
    );
    const driverId = driverLocations.edges[0]!.node.driver.id;
    const dot = two.locator(`section[aria-label="Driver positions"] [data-driver-id="${driverId}"]`);
    await dot.waitFor();
    await api(stack, owner, 'mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { id } }', {
      input: { driverId, latitude: 31.5493, longitude: -97.1467, recordedAt: new Date().toISOString() },
    });
    await expect.poll(() => dot.getAttribute('data-latitude'), { timeout: 5_000 }).toBe('31.5493');
    await browser.screenshot('spa-live-map.png');

    // Page one saw the same events; the other tenant's page, open all along, received none of them.
    await expect.poll(() => received(one), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(await received(stranger)).toBe(0);
    const strangerLoads = await api<{ loads: { edges: { node: { id: string; referenceNumber: string } }[] } }>(
      stack,
      await tokenFor(other, 'owner'),
      '{ loads(first: 50) { edges { node { id referenceNumber } } } }',
    );
    const theirs = strangerLoads.loads.edges.find((e) => e.node.referenceNumber === 'L-1001')!.node.id;
    expect(await statusIn(stranger, theirs)).toBe('draft');
    expect(browser.foreignRequests()).toEqual([]);
  });

  it("the work-order list shows another person's change without a reload; another service tenant's list does not move", async () => {
    const [tenant, other] = [await freshTenant(stack, 'serviceRepair'), await freshTenant(stack, 'serviceRepair')];
    await seedTenants(stack.mongodbUri, 'service', [tenant.slug, other.slug]);
    const owner = await tokenFor(tenant, 'owner');
    const { workOrders } = await api<{ workOrders: { edges: { node: { id: string; status: string } }[] } }>(
      stack,
      owner,
      '{ workOrders(first: 50) { edges { node { id status } } } }',
    );
    const open = workOrders.edges.find((e) => e.node.status === 'new')!.node.id;
    const page = browser.page;
    const stranger = await browser.context.newPage();
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    await signIn(stranger, await tokenFor(other, 'dispatcher'));
    const statusOf = (p: Page, id: string) => p.locator(`section[aria-label="Work orders"] tr[data-id="${id}"] [data-status]`).getAttribute('data-status');
    await expect.poll(() => statusOf(page, open), { timeout: 15_000 }).toBe('new');

    // Cancelled by someone else, through the API: the page, never reloaded, follows.
    await api(stack, owner, 'mutation ($id: ID!) { cancelWorkOrder(id: $id, reason: "Customer rescheduled") { id } }', { id: open });
    const answered = performance.now();
    await expect.poll(() => statusOf(page, open), { timeout: 5_000, interval: 20 }).toBe('cancelled');
    console.log(`live update: the work-order list showed the cancellation ${Math.round(performance.now() - answered)} ms after the API answered`);
    expect(await received(stranger)).toBe(0);
    expect(browser.foreignRequests()).toEqual([]);
  });
});
