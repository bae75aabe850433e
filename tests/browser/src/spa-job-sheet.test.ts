// The reference SPA's job sheet as it is used on site: completing a job whose required checklist item
// is not ticked is refused with the item named; ticked, with a photo of the work uploaded and opened by
// its signed link, the job completes. The API must agree with the screen.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { PNG } from '@attunelogic/shared/documents';
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
  if (task.result?.state === 'fail') await browser.screenshot(`spa-job-sheet-failed-${task.name.replace(/\W+/g, '-')}.png`);
  await browser.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(spa.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

describe('reference SPA: the job sheet', () => {
  it('refuses to complete a job before its required item is ticked, then completes it with a photo', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant, 'owner');
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => api<T>(stack, owner, query, variables);
    await call('mutation($input: CreateChecklistTemplateInput!) { createChecklistTemplate(input: $input) { id } }', {
      input: { jobType: 'hvac-maintenance', name: 'HVAC visit', items: [{ label: 'Replace the filter', required: true }, { label: 'Clean the coil' }] },
    });
    const { createServiceArea: area } = await call<{ createServiceArea: { id: string } }>(
      'mutation($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      { input: { name: 'Downtown', zipCodes: ['60601'] } },
    );
    const { createCustomer: customer } = await call<{ createCustomer: { id: string } }>(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: 'Lakeside Dental', locations: [{ address: { line1: '100 N State St', city: 'Chicago', postalCode: '60601' } }] } },
    );
    const allDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const { createTechnician: technician } = await call<{ createTechnician: { id: string } }>(
      'mutation($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }',
      { input: { userId: tenant.users.find((u) => u.roles.includes('technician' as never))!.id, serviceAreaIds: [area.id], timeZone: 'UTC', workingHours: allDay } },
    );
    const { createWorkOrder: order } = await call<{ createWorkOrder: { id: string; number: number } }>(
      'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }',
      { input: { title: 'Chair compressor service', customerId: customer.id, jobType: 'hvac-maintenance' } },
    );
    await call('mutation($id: ID!, $t: ID) { dispatchWorkOrder(id: $id, technicianId: $t) { workOrder { id } } }', { id: order.id, t: technician.id });
    for (const status of ['en_route', 'in_progress']) {
      await call('mutation($id: ID!, $s: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $s) { id } }', { id: order.id, s: status });
    }

    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'dispatcher'));
    const sheet = page.getByRole('region', { name: 'Job sheet' });
    await expect.poll(() => sheet.getByLabel('Job').locator('option').count(), { timeout: 15_000 }).toBe(2);
    await sheet.getByLabel('Job').selectOption(order.id);
    const checklist = sheet.getByRole('list', { name: 'Checklist' });
    await expect.poll(() => checklist.locator('li').count(), { timeout: 15_000 }).toBe(2);

    // Completing now is refused, and the refusal names the item still needed.
    await sheet.getByRole('button', { name: 'Complete job' }).click();
    const alert = sheet.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 15_000 }).toContain('Replace the filter');

    // Ticked, with a photo of the new filter, it completes.
    await checklist.getByLabel(/Replace the filter/).check();
    await expect.poll(() => checklist.getByLabel(/Replace the filter/).isChecked(), { timeout: 15_000 }).toBe(true);
    await sheet.getByLabel('Attachment kind').selectOption('photo');
    await sheet.getByLabel('Checklist item').selectOption({ label: 'Replace the filter' });
    await sheet.getByLabel('Photo file').setInputFiles({ name: 'new-filter.png', mimeType: 'image/png', buffer: PNG });
    await sheet.getByRole('button', { name: 'Upload' }).click();
    const photo = sheet.locator('li[data-kind="photo"]');
    await expect.poll(() => photo.count(), { timeout: 15_000 }).toBe(1);
    expect(await photo.innerText()).toContain('new-filter.png');
    const href = await photo.getByRole('link', { name: 'View' }).getAttribute('href');
    const opened = await page.request.get(new URL(href!, spa.url).toString());
    expect(opened.status()).toBe(200);
    expect(Buffer.from(await opened.body()).equals(PNG)).toBe(true);

    await sheet.getByRole('button', { name: 'Complete job' }).click();
    await expect.poll(() => sheet.locator('[data-status]').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('completed');
    await browser.screenshot('spa-job-sheet.png');

    // The API agrees: completed, the filter ticked, the photo on the item.
    const { workOrder } = await call<{
      workOrder: { status: string; checklist: { label: string; done: boolean }[]; attachments: { kind: string; checklistItemId: string | null }[] };
    }>('query($id: ID!) { workOrder(id: $id) { status checklist { label done } attachments { kind checklistItemId } } }', { id: order.id });
    expect(workOrder.status).toBe('completed');
    expect(workOrder.checklist.find((i) => i.label === 'Replace the filter')?.done).toBe(true);
    expect(workOrder.attachments).toEqual([{ kind: 'photo', checklistItemId: expect.any(String) }]);
    expect(browser.foreignRequests()).toEqual([]);
  });
});
