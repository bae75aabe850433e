// The reference SPA as a dispatcher uses it: built and served by Vite (preview), signed in with a
// token for a fresh tenant whose data the test created through the API, then one load (trucking) and
// one work order (serviceRepair) moved through their lifecycle by clicking. The UI must show each
// new status, and the API and the database must agree; no request may leave the SPA's origin.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { freshTenant, oid, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
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

const userId = (tenant: Awaited<ReturnType<typeof freshTenant>>, role: string): string => {
  const user = tenant.users.find((u) => u.roles.includes(role as never));
  if (!user) throw new Error(`no ${role} in ${tenant.slug}`);
  return user.id;
};

/** A future window of the given hours from now, as the API wants it (ISO 8601 with offset). */
const window = (fromHours: number, toHours: number) => ({
  start: new Date(Date.now() + fromHours * 3_600_000).toISOString(),
  end: new Date(Date.now() + toHours * 3_600_000).toISOString(),
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(spa.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

/** Waits until the row's status badge shows `status`. */
async function expectStatus(row: Locator, status: string): Promise<void> {
  await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe(status);
}

function expectSameOrigin(): void {
  expect(browser.requests.length).toBeGreaterThan(0);
  expect(browser.foreignRequests()).toEqual([]);
  for (const url of browser.requests) expect(new URL(url).origin).toBe(spa.url);
}

describe('reference SPA in Chromium', () => {
  it('trucking: lists the loads, assigns one to a driver and a vehicle and delivers it', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const owner = await tokenFor(tenant, 'owner');
    const { createVehicle: vehicle } = await api<{ createVehicle: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
      { input: { unitNumber: 'T-101', vin: '1M8GDM9AXKP042788', make: 'Freightliner', model: 'Cascadia', year: 2022 } },
    );
    const { createDriver: driver } = await api<{ createDriver: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
      { input: { userId: userId(tenant, 'driver'), licenseClass: 'A', licenseNumber: 'D1234567', licenseState: 'IL', licenseExpiresOn: '2035-12-31' } },
    );
    const stop = (type: 'pickup' | 'delivery', city: string, postalCode: string, latitude: number, longitude: number, hours: [number, number]) => ({
      type,
      name: `${city} dock`,
      address: { line1: '1 Main St', city, state: type === 'pickup' ? 'IL' : 'WI', postalCode },
      location: { latitude, longitude },
      window: window(...hours),
    });
    const createLoad = (referenceNumber: string, tender: boolean) =>
      api<{ createLoad: { id: string; status: string } }>(stack, owner, 'mutation($input: CreateLoadInput!) { createLoad(input: $input) { id status } }', {
        input: {
          referenceNumber,
          customerReference: 'ACME-PO-77',
          rateCents: 185_000,
          weightLbs: 38_000,
          tender,
          stops: [stop('pickup', 'Chicago', '60601', 41.886, -87.624, [24, 28]), stop('delivery', 'Milwaukee', '53202', 43.041, -87.906, [30, 36])],
        },
      });
    const { createLoad: draft } = await createLoad('L-1002', false);
    const { createLoad: load } = await createLoad('L-1001', true);
    expect([draft.status, load.status]).toEqual(['draft', 'tendered']);

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const session = page.getByRole('region', { name: 'Session' });
    await expect.poll(() => session.innerText()).toContain(`dispatcher@${tenant.slug}.test`);
    expect(await session.innerText()).toContain(tenant.slug);

    const loads = page.getByRole('region', { name: 'Loads' });
    await expect.poll(() => loads.locator('tbody tr[data-id]').count()).toBe(2);
    expect(await loads.innerText()).toContain('2 in all');
    const row = loads.locator(`tr[data-id="${load.id}"]`);
    await expectStatus(row, 'tendered');

    await row.getByRole('button', { name: 'Assign…' }).click();
    const form = page.getByRole('form', { name: 'Assign load L-1001' });
    await form.getByLabel('Driver').selectOption(driver.id);
    await form.getByLabel('Vehicle').selectOption(vehicle.id);
    await browser.screenshot('spa-trucking-assign.png');
    await form.getByRole('button', { name: 'Assign', exact: true }).click();
    await expectStatus(row, 'assigned');
    expect(await row.innerText()).toContain('T-101');

    await row.getByRole('button', { name: 'Start transit' }).click();
    await expectStatus(row, 'in_transit');
    await row.getByRole('button', { name: 'Mark delivered' }).click();
    await expectStatus(row, 'delivered');
    // A delivered load is invoiced from its charges (spa-freight-invoices.test.ts), not by a status move.
    await expect.poll(() => row.getByRole('button', { name: 'Charges…' }).count()).toBe(1);
    expect(await row.getByRole('button', { name: 'Invoice', exact: true }).count()).toBe(0);
    await browser.screenshot('spa-trucking.png');

    const { load: fromApi } = await api<{ load: { status: string; driver: { id: string }; vehicle: { id: string } } }>(
      stack,
      owner,
      'query($id: ID!) { load(id: $id) { status driver { id } vehicle { id } } }',
      { id: load.id },
    );
    expect(fromApi).toEqual({ status: 'delivered', driver: { id: driver.id }, vehicle: { id: vehicle.id } });
    const stored = await stack
      .collection('trucking', 'loads')
      .findOne<{ status: string; statusHistory: { status: string }[] }>({ parentCompany: oid(tenant.id), _id: oid(load.id) });
    expect(stored?.status).toBe('delivered');
    expect(stored?.statusHistory.map((change) => change.status)).toEqual(['tendered', 'assigned', 'in_transit', 'delivered']);
    expectSameOrigin();
  });

  it("trucking: shows each driver's hours of service, from the duty statuses recorded through the API", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const owner = await tokenFor(tenant, 'owner');
    const { createDriver: driver } = await api<{ createDriver: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
      { input: { userId: userId(tenant, 'driver'), licenseClass: 'A', licenseNumber: 'D7654321', licenseState: 'TX', licenseExpiresOn: '2035-12-31' } },
    );
    const record = (status: string, hoursAgo: number) =>
      api(stack, owner, 'mutation($input: RecordDutyStatusInput!) { recordDutyStatus(input: $input) { id } }', {
        input: { driverId: driver.id, status, at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString() },
      });
    await record('on_duty', 3);
    await record('driving', 2);

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const hours = page.getByRole('region', { name: 'Driver hours' });
    const row = hours.locator(`tr[data-driver-id="${driver.id}"]`);
    await expect.poll(() => row.locator('[data-duty-status]').getAttribute('data-duty-status'), { timeout: 15_000 }).toBe('driving');
    // 11 hours of driving less the 2 driven: 9 h (a minute less by the time it is read).
    expect(Number(await row.getAttribute('data-left'))).toBeGreaterThanOrEqual(9 * 60 - 2);
    expect(Number(await row.getAttribute('data-left'))).toBeLessThanOrEqual(9 * 60);
    expect(await row.innerText()).toContain('Driving');
    await browser.screenshot('spa-trucking-hours.png');
    expectSameOrigin();
  });

  it('serviceRepair: lists the work orders, dispatches one to a technician and completes it', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant, 'owner');
    const { createServiceArea: area } = await api<{ createServiceArea: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      { input: { name: 'Downtown', zipCodes: ['60601'] } },
    );
    const { createCustomer: customer } = await api<{ createCustomer: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: 'Lakeside Dental', locations: [{ label: 'Office', address: { line1: '100 N State St', city: 'Chicago', region: 'IL', postalCode: '60601' } }] } },
    );
    const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    const { createTechnician: technician } = await api<{ createTechnician: { id: string } }>(
      stack,
      owner,
      'mutation($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }',
      {
        input: {
          userId: userId(tenant, 'technician'),
          skills: [{ name: 'hvac', level: 4 }],
          serviceAreaIds: [area.id],
          timeZone: 'UTC',
          workingHours: weekdays.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
        },
      },
    );
    const createWorkOrder = (title: string) =>
      api<{ createWorkOrder: { id: string; number: number; status: string } }>(
        stack,
        owner,
        'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number status } }',
        { input: { title, customerId: customer.id, priority: 'high', estimatedMinutes: 90, requiredSkills: [{ name: 'hvac', minLevel: 2 }] } },
      );
    await createWorkOrder('Annual furnace inspection');
    const { createWorkOrder: order } = await createWorkOrder('AC unit not cooling');
    expect(order.status).toBe('new');

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    await expect.poll(() => page.getByRole('region', { name: 'Session' }).innerText()).toContain(`dispatcher@${tenant.slug}.test`);

    const orders = page.getByRole('region', { name: 'Work orders' });
    await expect.poll(() => orders.locator('tbody tr[data-id]').count()).toBe(2);
    const row = orders.locator(`tr[data-id="${order.id}"]`);
    await expectStatus(row, 'new');

    await row.getByRole('button', { name: 'Schedule' }).click();
    await expectStatus(row, 'scheduled');
    await row.getByRole('button', { name: 'Dispatch…' }).click();
    const form = page.getByRole('form', { name: `Dispatch work order ${order.number}` });
    await expect.poll(() => form.getByLabel('Technician').locator('option').count()).toBe(2);
    await form.getByLabel('Technician').selectOption(technician.id);
    await form.getByRole('button', { name: 'Dispatch', exact: true }).click();
    await expectStatus(row, 'dispatched');
    expect(await row.innerText()).toContain('technician');

    for (const [button, status] of [
      ['En route', 'en_route'],
      ['Start work', 'in_progress'],
      ['Complete', 'completed'],
    ] as const) {
      await row.getByRole('button', { name: button, exact: true }).click();
      await expectStatus(row, status);
    }
    await browser.screenshot('spa-service.png');

    const { workOrder: fromApi } = await api<{ workOrder: { status: string; technician: { id: string } | null } }>(
      stack,
      owner,
      'query($id: ID!) { workOrder(id: $id) { status technician { id } } }',
      { id: order.id },
    );
    expect(fromApi).toEqual({ status: 'completed', technician: { id: technician.id } });
    const stored = await stack
      .collection('service', 'workOrders')
      .findOne<{ status: string; statusHistory: { status: string }[] }>({ parentCompany: oid(tenant.id), _id: oid(order.id) });
    expect(stored?.status).toBe('completed');
    expect(stored?.statusHistory.map((change) => change.status)).toEqual(['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'completed']);
    expectSameOrigin();
  });

  it('refuses a token that does not verify, with the contract code, and stays signed out', async () => {
    const page = browser.page;
    await page.goto(spa.url);
    await page.getByLabel('Token', { exact: true }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('UNAUTHENTICATED');
    expect(await page.getByRole('region', { name: 'Session' }).count()).toBe(0);
    expectSameOrigin();
  });
});
