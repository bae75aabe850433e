// The reference SPA's money screens as an office manager uses them: a quote written with two options,
// sent and accepted for one of them (a work order appears), then, once the job is done, its invoice
// made, issued, paid in part and opened as the printable page. The API must agree with the screen.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
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
  if (task.result?.state === 'fail') await browser.screenshot(`spa-quotes-invoices-failed-${task.name.replace(/\W+/g, '-')}.png`);
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

describe('reference SPA: quotes and invoices', () => {
  it('quotes a job with two options, accepts one, and invoices the finished job with a partial payment', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant, 'owner');
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => api<T>(stack, owner, query, variables);
    const { createServiceArea: area } = await call<{ createServiceArea: { id: string } }>(
      'mutation($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      { input: { name: 'Downtown', zipCodes: ['60601'] } },
    );
    await call('mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: 'Lakeside Dental', locations: [{ label: 'Office', address: { line1: '100 N State St', city: 'Chicago', postalCode: '60601' } }] },
    });
    const allDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const technicianUser = tenant.users.find((u) => u.roles.includes('technician' as never))!.id;
    const { createTechnician: technician } = await call<{ createTechnician: { id: string } }>(
      'mutation($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }',
      { input: { userId: technicianUser, serviceAreaIds: [area.id], timeZone: 'UTC', workingHours: allDay } },
    );

    const page = browser.page;
    await signIn(page, owner);
    const quotes = page.getByRole('region', { name: 'Quotes' });

    // A draft with a common trip fee and two options.
    await quotes.getByRole('button', { name: 'New quote' }).click();
    const form = quotes.getByRole('form', { name: 'New quote' });
    await form.getByLabel('Customer').selectOption({ label: 'Lakeside Dental' });
    await form.getByLabel('Title').fill('Compressor noise');
    const line = (n: number) => form.getByRole('group', { name: `Line ${n}` });
    const fill = async (n: number, kind: string, description: string, quantity: string, price: string, option: string) => {
      if (n > 1) await form.getByRole('button', { name: 'Add line' }).click();
      await line(n).getByLabel('Kind').selectOption(kind);
      await line(n).getByLabel('Description').fill(description);
      await line(n).getByLabel('Quantity').fill(quantity);
      await line(n).getByLabel('Unit price').fill(price);
      await line(n).getByLabel('Option').fill(option);
    };
    await fill(1, 'fee', 'Trip charge', '1', '49', '');
    await fill(2, 'labour', 'Replace mounts', '2', '95', 'Repair');
    await fill(3, 'fee', 'New compressor, installed', '1', '1800', 'Replace');
    await form.getByRole('button', { name: 'Create draft' }).click();

    const row = quotes.locator('tbody tr[data-id]').filter({ hasText: 'Compressor noise' });
    await expectStatus(row, 'draft');
    // Corrected while a draft: the title gains a word, the lines stay as they were.
    await row.getByRole('button', { name: 'Edit…' }).click();
    const edit = quotes.getByRole('form', { name: /Edit quote/ });
    await edit.getByLabel('Title').fill('Compressor noise, loud');
    await edit.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => row.textContent()).toContain('Compressor noise, loud');
    await expect.poll(() => row.textContent()).toContain('Repair $239.00 / Replace $1,849.00');
    await row.getByRole('button', { name: 'Send' }).click();
    await expectStatus(row, 'sent');
    await row.getByRole('button', { name: 'Accept Repair' }).click();
    await expectStatus(row, 'accepted');
    await expect.poll(() => row.textContent()).toMatch(/Work order #\d+/);

    const { quotes: stored } = await call<{ quotes: { edges: { node: { status: string; acceptedOption: string; workOrder: { id: string; title: string } } }[] } }>(
      '{ quotes { edges { node { status acceptedOption workOrder { id title } } } } }',
    );
    const accepted = stored.edges[0]!.node;
    expect(accepted).toMatchObject({ status: 'accepted', acceptedOption: 'Repair', workOrder: { title: 'Compressor noise, loud — Repair' } });

    // The job is done (through the API), then invoiced on screen.
    const workOrderId = accepted.workOrder.id;
    await call('mutation($id: ID!, $t: ID) { dispatchWorkOrder(id: $id, technicianId: $t) { workOrder { id } } }', { id: workOrderId, t: technician.id });
    for (const status of ['en_route', 'in_progress', 'completed']) {
      await call('mutation($id: ID!, $s: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $s) { id } }', { id: workOrderId, s: status });
    }
    await page.reload();
    await page.getByRole('region', { name: 'Session' }).waitFor();
    const invoices = page.getByRole('region', { name: 'Invoices' });
    const make = invoices.getByRole('form', { name: 'Invoice a work order' });
    await expect
      .poll(() => make.getByLabel('Completed work order').locator('option').allTextContents(), { timeout: 15_000 })
      .toContainEqual(expect.stringContaining('Compressor noise, loud — Repair'));
    await make.getByLabel('Completed work order').selectOption({ label: (await make.getByLabel('Completed work order').locator('option').nth(1).textContent())! });
    await make.getByRole('button', { name: 'Make invoice' }).click();

    const invoiceRow = invoices.locator('tbody tr[data-id]').filter({ hasText: 'Compressor noise' });
    await expectStatus(invoiceRow, 'draft');
    // Labour 190.00 and the trip 49.00 from the quote; no tax by default.
    await expect.poll(() => invoiceRow.textContent()).toContain('$239.00');
    await invoiceRow.getByRole('button', { name: 'Issue' }).click();
    await expectStatus(invoiceRow, 'issued');
    await invoiceRow.getByRole('button', { name: 'Record payment…' }).click();
    const payment = invoices.getByRole('form', { name: /Payment of invoice/ });
    await payment.getByLabel(/Amount/).fill('100');
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await expectStatus(invoiceRow, 'partially_paid');
    await expect.poll(() => invoiceRow.textContent()).toContain('$139.00');

    await invoiceRow.getByRole('button', { name: 'Print' }).click();
    const printable = page.getByRole('article', { name: /Invoice \d+/ });
    await printable.waitFor();
    const text = await printable.textContent();
    expect(text).toContain('Lakeside Dental');
    expect(text).toContain('Balance due$139.00');

    const { invoices: fromApi } = await call<{ invoices: { edges: { node: { status: string; paid: { amountCents: number }; balance: { amountCents: number } } }[] } }>(
      '{ invoices { edges { node { status paid { amountCents } balance { amountCents } } } } }',
    );
    expect(fromApi.edges.map((e) => e.node)).toEqual([{ status: 'partially_paid', paid: { amountCents: 10_000 }, balance: { amountCents: 13_900 } }]);
  });
});
