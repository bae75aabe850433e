// The SPA's load screen as a dispatcher of a demo tenant corrects and cancels loads: the edit form
// offers what the load's status allows (the rest read-only), sends what changed, and the API and the
// database agree; a cancellation takes a reason and shows it in the row.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { freshTenant, oid, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
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

async function expectStatus(row: Locator, status: string): Promise<void> {
  await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe(status);
}

describe('the SPA load screen', () => {
  it('a dispatcher edits a tendered load, finds a delivered one read-only but for rate, bill-to and notes, and cancels with a reason', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    await seedTenants(stack.mongodbUri, 'trucking', [tenant.slug]);
    const owner = await tokenFor(tenant, 'owner');
    const { loads } = await api<{ loads: { edges: { node: { id: string; referenceNumber: string } }[] } }>(
      stack,
      owner,
      '{ loads(first: 50) { edges { node { id referenceNumber } } } }',
    );
    const idOf = (reference: string) => loads.edges.find((e) => e.node.referenceNumber === reference)!.node.id;
    const [tendered, delivered] = [idOf('L-1002'), idOf('L-1004')];

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const list = page.getByRole('region', { name: 'Loads' });
    const row = list.locator(`tr[data-id="${tendered}"]`);
    await expectStatus(row, 'tendered');
    // The weight in the tenant's unit (units.weight: pounds by default).
    expect(await row.locator('[data-field="weight"]').innerText()).toMatch(/\d lb$/);

    await row.getByRole('button', { name: 'Edit…' }).click();
    const edit = page.getByRole('form', { name: 'Edit load L-1002' });
    await edit.getByLabel('Bill to').fill('Walmart DC 6094');
    await edit.getByLabel('Rate ($)').fill('2475.50');
    await edit.getByLabel('Notes').fill('Appointment 08:00');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Walmart DC 6094');

    const { load: edited } = await api<{ load: { customerReference: string; rateCents: number; notes: string } }>(
      stack,
      owner,
      'query ($id: ID!) { load(id: $id) { customerReference rateCents notes } }',
      { id: tendered },
    );
    expect(edited).toEqual({ customerReference: 'Walmart DC 6094', rateCents: 247_550, notes: 'Appointment 08:00' });

    // A delivered load: the load number is locked, the rate is not.
    const done = list.locator(`tr[data-id="${delivered}"]`);
    await done.getByRole('button', { name: 'Edit…' }).click();
    const locked = page.getByRole('form', { name: 'Edit load L-1004' });
    expect(await locked.getByLabel('Load number').getAttribute('readonly')).not.toBeNull();
    expect(await locked.getByLabel('Commodity').getAttribute('readonly')).not.toBeNull();
    expect(await locked.getByLabel('Rate ($)').getAttribute('readonly')).toBeNull();
    await locked.getByRole('button', { name: 'Close' }).click();

    await row.getByRole('button', { name: 'Cancel load…' }).click();
    const cancel = page.getByRole('form', { name: 'Cancel load L-1002' });
    await cancel.getByLabel('Reason').selectOption('customer_cancelled');
    await cancel.getByLabel('Note').fill('PO withdrawn');
    await browser.screenshot('spa-trucking-cancel.png');
    await cancel.getByRole('button', { name: 'Cancel load' }).click();
    await expectStatus(row, 'cancelled');
    expect(await row.locator('[data-field="cancellation"]').innerText()).toContain('Customer cancelled: PO withdrawn');

    const stored = await stack.collection('trucking', 'loads').findOne<{ status: string; cancellation: unknown }>({ parentCompany: oid(tenant.id), _id: oid(tendered) });
    expect(stored?.status).toBe('cancelled');
    expect(stored?.cancellation).toMatchObject({ reason: 'customer_cancelled', note: 'PO withdrawn' });
    expect(browser.foreignRequests()).toEqual([]);
  });
});
