// The reference SPA's agreements screen and technician week as an office manager uses them: a
// quarterly agreement created with the form shows its next visits and the work order it generated;
// that visit, dispatched, shows on the technician's week. The API must agree with the screen.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
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
  if (task.result?.state === 'fail') await browser.screenshot(`spa-agreements-failed-${task.name.replace(/\W+/g, '-')}.png`);
  await browser.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(spa.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

/** An instant as the page's datetime-local inputs take it (the browser's time zone). */
const localInput = (page: Page, iso: string): Promise<string> =>
  page.evaluate((value) => {
    const date = new Date(value);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, iso);

// A week from today at 14:00 UTC: the first visit, inside the 60-day horizon.
const now = new Date();
const visitDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7));
const visit = new Date(visitDay.getTime() + 14 * 3_600_000).toISOString();

describe('reference SPA: service agreements and the technician week', () => {
  it('creates a quarterly agreement with its first visit generated, and shows the visit on the technician week', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant, 'owner');
    const call = <T>(query: string, variables: Record<string, unknown>) => api<T>(stack, owner, query, variables);
    const { createServiceArea: area } = await call<{ createServiceArea: { id: string } }>(
      'mutation($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      { input: { name: 'Downtown', zipCodes: ['60601'] } },
    );
    await call('mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: 'Lakeside Dental', locations: [{ label: 'Office', address: { line1: '100 N State St', city: 'Chicago', postalCode: '60601' } }] },
    });
    const allDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const { createTechnician: technician } = await call<{ createTechnician: { id: string } }>(
      'mutation($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }',
      { input: { userId: tenant.users.find((u) => u.roles.includes('technician' as never))!.id, serviceAreaIds: [area.id], timeZone: 'UTC', workingHours: allDay } },
    );

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const agreements = page.getByRole('region', { name: 'Service agreements' });
    await agreements.getByRole('button', { name: 'New agreement' }).click();
    const form = page.getByRole('form', { name: 'New agreement' });
    await expect.poll(() => form.getByLabel('Customer').locator('option').count()).toBe(2);
    await form.getByLabel('Customer').selectOption({ label: 'Lakeside Dental' });
    await form.getByLabel('Name').fill('Dental chairs — quarterly');
    await form.getByLabel('Job title').fill('Quarterly compressor service');
    await form.getByLabel('Schedule').selectOption({ label: 'Quarterly' });
    await form.getByLabel('First visit').fill(await localInput(page, visit));
    await form.getByRole('button', { name: 'Create agreement' }).click();

    const row = agreements.locator('tbody tr[data-id]').first();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Quarterly');
    expect(await row.innerText()).toContain('Lakeside Dental');
    const generated = page.getByRole('table', { name: 'Generated work orders' });
    await expect.poll(() => generated.locator('tbody tr[data-id]').count(), { timeout: 15_000 }).toBe(1);

    // The API agrees: one work order for the first visit, three next visits a quarter apart.
    const { serviceAgreements } = await call<{
      serviceAgreements: { edges: { node: { id: string; nextOccurrences: string[]; workOrders: { edges: { node: { id: string; occursAt: string } }[] } } }[] };
    }>('query { serviceAgreements { edges { node { id nextOccurrences(count: 3) workOrders { edges { node { id occursAt } } } } } } }', {});
    const agreement = serviceAgreements.edges[0]!.node;
    expect(agreement.nextOccurrences[0]).toBe(visit);
    const order = agreement.workOrders.edges[0]!.node;
    expect(order.occursAt).toBe(visit);
    expect(await generated.locator(`tr[data-id="${order.id}"]`).innerText()).toContain('new');

    // Dispatched, the visit is on the technician's week, on its day.
    await call('mutation($id: ID!, $t: ID) { dispatchWorkOrder(id: $id, technicianId: $t) { workOrder { id } } }', { id: order.id, t: technician.id });
    const week = page.getByRole('region', { name: 'Technician week' });
    await week.getByLabel('From').fill(visitDay.toISOString().slice(0, 10));
    const day = week.locator(`tr[data-date="${visitDay.toISOString().slice(0, 10)}"]`);
    await expect.poll(() => day.innerText(), { timeout: 15_000 }).toContain('Quarterly compressor service');
    expect(await day.innerText()).toContain('14:00');
    expect(await week.locator('tbody tr').count()).toBe(7);
    await browser.screenshot('spa-agreements.png');

    expect(browser.foreignRequests()).toEqual([]);
  });
});
