// The reference SPA's work order screen as an office manager corrects the day: a booked work order
// rescheduled to another technician by clicking, a double booking refused with the API's reasons on
// screen, and a work order cancelled with a reason. The API must agree with what the screen shows.
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
  if (task.result?.state === 'fail') await browser.screenshot(`spa-service-edit-failed-${task.name.replace(/\W+/g, '-')}.png`);
  await browser.close();
});

type Tenant = Awaited<ReturnType<typeof freshTenant>>;
const userId = (tenant: Tenant, role: string): string => tenant.users.find((u) => u.roles.includes(role as never))!.id;

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(spa.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

async function expectStatus(row: Locator, status: string): Promise<void> {
  await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe(status);
}

/** An instant as the page's datetime-local inputs show it (the browser's time zone). */
const localInput = (page: Page, iso: string): Promise<string> =>
  page.evaluate((value) => {
    const date = new Date(value);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, iso);

// Tomorrow at 10:00 and 13:00 UTC, whole minutes, inside technicians working around the clock.
const day = new Date(Date.now() + 24 * 3_600_000);
const at = (hour: number) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour)).toISOString();

describe('reference SPA: correcting work orders', () => {
  it('reschedules a work order to another technician, refuses a double booking, and cancels one with a reason', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant, 'owner');
    const call = <T>(query: string, variables: Record<string, unknown>) => api<T>(stack, owner, query, variables);
    const { createServiceArea: area } = await call<{ createServiceArea: { id: string } }>(
      'mutation($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      { input: { name: 'Downtown', zipCodes: ['60601'] } },
    );
    const { createCustomer: customer } = await call<{ createCustomer: { id: string } }>(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      {
        input: { name: 'Lakeside Dental', locations: [{ label: 'Office', address: { line1: '100 N State St', city: 'Chicago', postalCode: '60601' } }] },
      },
    );
    const { createUser: second } = await call<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email: `bob@${tenant.slug}.test`, name: 'Bob Fixer', roles: ['technician'] },
    });
    const allDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const technician = async (user: string) =>
      (
        await call<{ createTechnician: { id: string } }>('mutation($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }', {
          input: { userId: user, serviceAreaIds: [area.id], timeZone: 'UTC', workingHours: allDay },
        })
      ).createTechnician.id;
    const [ann, bob] = [await technician(userId(tenant, 'technician')), await technician(second.id)];
    const booked = async (title: string, technicianId: string, hour: number) => {
      const { createWorkOrder: order } = await call<{ createWorkOrder: { id: string; number: number } }>(
        'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }',
        { input: { title, customerId: customer.id, estimatedMinutes: 60, requestedWindow: { start: at(hour), end: at(hour + 1) } } },
      );
      await call('mutation($id: ID!, $t: ID) { dispatchWorkOrder(id: $id, technicianId: $t) { workOrder { id } } }', { id: order.id, t: technicianId });
      return order;
    };
    const mine = await booked('AC unit not cooling', ann, 10);
    const bobs = await booked('Water heater check', bob, 13);
    const read = async (id: string) =>
      (
        await call<{ workOrder: { status: string; technician: { id: string } | null; schedule: { start: string } | null; cancellation: { reason: string } | null } }>(
          'query($id: ID!) { workOrder(id: $id) { status technician { id } schedule { start } cancellation { reason } } }',
          { id },
        )
      ).workOrder;

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const orders = page.getByRole('region', { name: 'Work orders' });
    await expect.poll(() => orders.locator('tbody tr[data-id]').count()).toBe(2);
    const row = orders.locator(`tr[data-id="${mine.id}"]`);
    await expectStatus(row, 'dispatched');

    // Onto Bob's 13:00 job: refused, with the reason on screen, nothing changed.
    await row.getByRole('button', { name: 'Reschedule…' }).click();
    const form = page.getByRole('form', { name: `Reschedule work order ${mine.number}` });
    await form.getByLabel('Start').fill(await localInput(page, at(13)));
    await form.getByLabel('Technician').selectOption(bob);
    await form.getByRole('button', { name: 'Reschedule', exact: true }).click();
    await expect.poll(() => orders.getByRole('alert').innerText(), { timeout: 15_000 }).toContain(`WO #${bobs.number}`);
    expect(await read(mine.id)).toMatchObject({ technician: { id: ann }, schedule: { start: at(10) } });

    // At 15:00 Bob is free (after his job and its travel buffer).
    await form.getByLabel('Start').fill(await localInput(page, at(15)));
    await form.getByRole('button', { name: 'Reschedule', exact: true }).click();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Bob Fixer');
    expect(await read(mine.id)).toMatchObject({ status: 'dispatched', technician: { id: bob }, schedule: { start: at(15) } });

    // Bob's own job is cancelled, with a reason.
    const other = orders.locator(`tr[data-id="${bobs.id}"]`);
    await other.getByRole('button', { name: 'Cancel order' }).click();
    const cancel = page.getByRole('form', { name: `Cancel work order ${bobs.number}` });
    await cancel.getByLabel('Reason').fill('Customer fixed it');
    await cancel.getByRole('button', { name: 'Cancel work order' }).click();
    await expectStatus(other, 'cancelled');
    expect(await read(bobs.id)).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Customer fixed it' } });
    await browser.screenshot('spa-service-edit.png');

    expect(browser.foreignRequests()).toEqual([]);
  });

  it('adds a second address to a customer, corrects it and retires the first', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant, 'owner');
    const { createCustomer: customer } = await api<{ createCustomer: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      {
        input: { name: 'Lakeside Dental', locations: [{ label: 'Office', address: { line1: '100 N State St', city: 'Chicago', postalCode: '60601' } }] },
      },
    );

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const customers = page.getByRole('region', { name: 'Customers' });
    const row = customers.locator(`tr[data-id="${customer.id}"]`);
    await row.getByRole('button', { name: 'Locations…' }).click();
    const panel = page.getByRole('group', { name: 'Locations of Lakeside Dental' });
    await expect.poll(() => panel.locator('li[data-location]').count(), { timeout: 15_000 }).toBe(1);

    const add = panel.getByRole('form', { name: 'Add a location to Lakeside Dental' });
    await add.getByLabel('Label').fill('Lab');
    await add.getByLabel('Street').fill('200 W Madison St');
    await add.getByLabel('City').fill('Chicago');
    await add.getByLabel('ZIP').fill('60606-1234');
    await add.getByRole('button', { name: 'Add location' }).click();
    await expect.poll(() => panel.locator('li[data-location]').count(), { timeout: 15_000 }).toBe(2);
    const lab = panel.locator('li[data-location]').nth(1);
    expect(await lab.innerText()).toContain('200 W Madison St, Chicago 60606');

    await lab.getByRole('button', { name: 'Edit' }).click();
    const edit = panel.getByRole('form', { name: 'Edit location Lab' });
    await edit.getByLabel('Street').fill('220 W Madison St');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.locator('li[data-location]').nth(1).innerText(), { timeout: 15_000 }).toContain('220 W Madison St');

    await panel.locator('li[data-location]').first().getByRole('button', { name: 'Retire' }).click();
    await expect.poll(() => panel.locator('li[data-location]').count(), { timeout: 15_000 }).toBe(1);
    // The last location in use stays: the API refuses, the screen says why.
    await panel.locator('li[data-location]').first().getByRole('button', { name: 'Retire' }).click();
    await expect.poll(() => panel.getByRole('alert').innerText(), { timeout: 15_000 }).toContain('at least one location');

    const { customer: fromApi } = await api<{ customer: { locations: { label: string | null; address: { line1: string } }[]; all: { retiredAt: string | null }[] } }>(
      stack,
      owner,
      'query($id: ID!) { customer(id: $id) { locations { label address { line1 } } all: locations(includeRetired: true) { retiredAt } } }',
      { id: customer.id },
    );
    expect(fromApi.locations).toEqual([{ label: 'Lab', address: { line1: '220 W Madison St' } }]);
    expect(fromApi.all.map((l) => l.retiredAt !== null)).toEqual([true, false]);
    expect(browser.foreignRequests()).toEqual([]);
  });
});
