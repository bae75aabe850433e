// The SPA's "Webhooks" screen as an owner: register an endpoint and see its signing secret once,
// disable and enable it, read its delivery log and replay a parked delivery; the database agrees,
// and a viewer has no such screen.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import {
  DEVELOPMENT_WEBHOOK_SECRET_KEYS,
  endpointSecretContext,
  openSecret,
  parseSecretKeys,
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_ENDPOINTS_COLLECTION,
} from '@attunelogic/shared/events';
import { freshTenant, oid, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { launchBrowser, type Browser } from './chromium';
import { buildAndServeSpa, type ServedSpa } from './spa';

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

describe('the SPA Webhooks screen', () => {
  it('an owner registers an endpoint (secret shown once), disables and enables it, reads its delivery log and replays a parked delivery; a viewer has no such screen', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'owner'));
    const screen = page.getByRole('region', { name: 'Webhooks' });
    const form = screen.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('URL').fill('https://partner.example/hooks');
    await form.getByLabel('Events').selectOption(['load.delivered', 'load.status_changed']);
    await form.getByRole('button', { name: 'Create' }).click();

    const shown = screen.getByRole('status', { name: 'New signing secret' });
    const secret = await shown.locator('[data-field="signing-secret"]').innerText();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const endpoints = stack.collection('core', WEBHOOK_ENDPOINTS_COLLECTION);
    const stored = (await endpoints.findOne({ parentCompany: oid(tenant.id), url: 'https://partner.example/hooks' }))!;
    // Kept sealed at rest (WEBHOOK_SECRET_KEYS; the stack runs with the development key), never as shown.
    expect(stored['secret']).not.toContain(secret);
    expect(openSecret(parseSecretKeys(DEVELOPMENT_WEBHOOK_SECRET_KEYS), stored['secret'] as string, endpointSecretContext(tenant.id, stored._id.toHexString()))).toBe(
      secret,
    );
    expect([...(stored['eventTypes'] as string[])].sort()).toEqual(['load.delivered', 'load.status_changed']);
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByText(secret).count()).toBe(0);

    const row = screen.locator(`tr[data-id="${stored._id.toHexString()}"]`);
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.locator('[data-field="state"]').innerText(), { timeout: 15_000 }).toContain('disabled by a user');
    await row.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => row.locator('[data-field="state"]').innerText(), { timeout: 15_000 }).toBe('active');
    expect((await endpoints.findOne({ _id: stored._id }))?.['active']).toBe(true);

    // A parked delivery, as the dispatcher leaves one after its last failed attempt.
    const at = new Date('2026-06-01T12:00:00Z');
    const event = {
      id: 'evt_64f000000000000000000001',
      type: 'load.delivered',
      version: 1,
      tenant: tenant.id,
      occurredAt: at,
      subject: { type: 'Load', id: '1' },
      payload: {},
    };
    const deliveries = stack.collection('core', WEBHOOK_DELIVERIES_COLLECTION);
    const { insertedId } = await deliveries.insertOne({
      parentCompany: oid(tenant.id),
      endpoint: stored._id,
      eventId: event.id,
      eventType: event.type,
      occurredAt: at,
      event,
      status: 'parked',
      attempts: 8,
      nextAttemptAt: null,
      leaseOwner: null,
      leaseUntil: null,
      lastAttemptAt: at,
      lastResponseCode: 503,
      lastError: 'HTTP 503',
      succeededAt: null,
      replays: 0,
      createdAt: at,
      updatedAt: at,
    });
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const log = screen.getByRole('region', { name: 'Delivery log' });
    const delivery = log.locator(`tr[data-id="${insertedId.toHexString()}"]`);
    await expect.poll(() => delivery.innerText(), { timeout: 15_000 }).toContain('503');
    expect(await delivery.locator('[data-field="status"]').innerText()).toContain('parked');
    await browser.screenshot('spa-webhooks-delivery-log.png');
    await delivery.getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => delivery.locator('[data-field="status"]').innerText(), { timeout: 15_000 }).toContain('pending');
    expect(await deliveries.findOne({ _id: insertedId })).toMatchObject({ status: 'pending', attempts: 0, replays: 1 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, await tokenFor(tenant, 'viewer'));
    expect(await page.getByRole('region', { name: 'Webhooks' }).count()).toBe(0);
    expect(browser.foreignRequests()).toEqual([]);
  });
});
