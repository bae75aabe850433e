// The SPA's trucking money as a dispatcher of a demo tenant: adds a party, puts a lumper charge on a
// delivered load and invoices it from the load's charges, invoices two delivered loads together from
// the invoices list, sends the invoice and records a partial payment; the API agrees.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
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

async function expectStatus(row: Locator, status: string): Promise<void> {
  await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe(status);
}

describe('the SPA parties, load charges and freight invoices', () => {
  it('a dispatcher adds a party, charges and invoices a load, invoices two loads together and records a partial payment', async () => {
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

    // A new party.
    const parties = page.getByRole('region', { name: 'Parties' });
    await expect.poll(() => parties.textContent(), { timeout: 15_000 }).toContain('Lone Star Grocers');
    await parties.getByRole('button', { name: 'Add party…' }).click();
    const form = parties.getByRole('form', { name: 'New party' });
    await form.getByLabel('Name').fill('Red River Brokerage');
    await form.getByLabel('broker').check();
    await form.getByLabel('Payment terms (days)').fill('21');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => parties.textContent(), { timeout: 15_000 }).toContain('Red River Brokerage');

    // L-1004 (delivered, billed to Lone Star): a lumper charge, then invoiced from its charges.
    const list = page.getByRole('region', { name: 'Loads' });
    const row = list.locator(`tr[data-id="${idOf('L-1004')}"]`);
    await expectStatus(row, 'delivered');
    await row.getByRole('button', { name: 'Charges…' }).click();
    const charges = page.getByRole('group', { name: 'Charges of load L-1004' });
    await expect.poll(() => charges.getByLabel('Bill-to party').locator('option:checked').textContent(), { timeout: 15_000 }).toBe('Lone Star Grocers');
    const add = charges.getByRole('form', { name: 'Add a charge to load L-1004' });
    await add.getByLabel('Charge').selectOption('lumper');
    await add.getByLabel('Amount (USD)').fill('175.50');
    await add.getByRole('button', { name: 'Add charge' }).click();
    await expect.poll(() => charges.locator('[data-field="total"]').textContent(), { timeout: 15_000 }).toBe('$2,275.50');
    await charges.getByRole('button', { name: 'Invoice' }).click();
    await expectStatus(row, 'invoiced');

    // L-1007 and L-1008 together from the invoices list; sent; a partial payment.
    // The batch form reads the delivered loads when the page opens.
    await page.reload();
    await page.getByRole('region', { name: 'Session' }).waitFor();
    const batch = page.getByRole('region', { name: 'Freight invoices' }).getByRole('form', { name: 'Invoice delivered loads' });
    await batch.getByLabel(/L-1007/).check();
    await batch.getByLabel(/L-1008/).check();
    await batch.getByRole('button', { name: 'Invoice selected' }).click();
    const refreshed = page.getByRole('region', { name: 'Freight invoices' });
    const invoiceRow = refreshed.locator('tr[data-id]', { hasText: 'L-1007, L-1008' });
    await expectStatus(invoiceRow, 'draft');
    await expect.poll(() => invoiceRow.textContent()).toContain('$3,850.00');
    await invoiceRow.getByRole('button', { name: 'Send' }).click();
    await expectStatus(invoiceRow, 'sent');
    await invoiceRow.getByRole('button', { name: 'Record payment…' }).click();
    const payment = refreshed.getByRole('form', { name: /Payment of invoice/ });
    await payment.getByLabel(/Amount/).fill('1850');
    await payment.getByLabel('Reference').fill('CHK 4410');
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await expect.poll(() => invoiceRow.locator('[data-field="balance"]').textContent(), { timeout: 15_000 }).toBe('$2,000.00');
    await expect.poll(() => invoiceRow.textContent()).toContain('Partially paid');

    const { freightInvoices } = await api<{
      freightInvoices: { edges: { node: { number: number; status: string; paidCents: number; totalCents: number; loads: { referenceNumber: string }[] } }[] };
    }>(stack, owner, '{ freightInvoices { edges { node { number status paidCents totalCents loads { referenceNumber } } } } }');
    expect(freightInvoices.edges.map((e) => e.node)).toEqual([
      { number: 3, status: 'sent', paidCents: 185_000, totalCents: 385_000, loads: [{ referenceNumber: 'L-1007' }, { referenceNumber: 'L-1008' }] },
      { number: 2, status: 'draft', paidCents: 0, totalCents: 227_550, loads: [{ referenceNumber: 'L-1004' }] },
      { number: 1, status: 'sent', paidCents: 100_000, totalCents: 198_000, loads: [{ referenceNumber: 'L-1005' }] },
    ]);
  });
});
