// The SPA's "API clients" screen as an owner: create a partner's client and see its secret once,
// rotate it (a new secret, the old one no longer matches), revoke it; the database agrees, and a
// viewer has no such screen.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { API_CLIENT_COLLECTION, clientSecretMatches } from '@attunelogic/shared/tenancy';
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

describe('the SPA API clients screen', () => {
  it('an owner creates a client (secret shown once), rotates its secret and revokes it; a viewer has no such screen', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'owner'));
    const screen = page.getByRole('region', { name: 'API clients' });
    const form = screen.getByRole('form', { name: 'New API client' });
    await form.getByLabel('Name').fill('Partner TMS');
    await form.getByLabel('Scope').selectOption('dispatcher');
    await form.getByRole('button', { name: 'Create' }).click();

    const shown = screen.getByRole('status', { name: 'New client secret' });
    const secret = await shown.locator('[data-field="client-secret"]').innerText();
    const clientId = await shown.locator('[data-field="client-id"]').innerText();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = () => stack.collection('core', API_CLIENT_COLLECTION).findOne({ parentCompany: oid(tenant.id), _id: oid(clientId) });
    expect(clientSecretMatches((await stored())!.secretHash, secret)).toBe(true);
    const row = screen.locator(`tr[data-id="${clientId}"]`);
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('dispatcher');
    await browser.screenshot('spa-api-client-secret.png');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByText(secret).count()).toBe(0);

    await row.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await screen.getByRole('status', { name: 'New client secret' }).locator('[data-field="client-secret"]').innerText();
    expect(rotated).not.toBe(secret);
    expect(clientSecretMatches((await stored())!.secretHash, rotated)).toBe(true);
    expect(clientSecretMatches((await stored())!.secretHash, secret)).toBe(false);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.locator('[data-field="state"]').innerText(), { timeout: 15_000 }).toContain('revoked');
    expect(await row.getByRole('button', { name: 'Rotate secret' }).count()).toBe(0);
    expect((await stored())?.active).toBe(false);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, await tokenFor(tenant, 'viewer'));
    expect(await page.getByRole('region', { name: 'API clients' }).count()).toBe(0);
    expect(browser.foreignRequests()).toEqual([]);
  });
});
