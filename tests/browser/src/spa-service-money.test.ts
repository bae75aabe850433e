// The reference SPA's office screens on a demo service tenant: the follow-ups due list offers the
// completed job and schedules its visit; the invoice with a deposit is refunded in part with a reason
// and its balance follows; the owner's report shows the month's completed jobs. The API must agree.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
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
  if (task.result?.state === 'fail') await browser.screenshot(`spa-service-money-failed-${task.name.replace(/\W+/g, '-')}.png`);
  await browser.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(spa.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

describe('reference SPA: follow-ups, refunds and the report', () => {
  it('schedules a due follow-up, refunds part of a payment with a reason, and shows the month report', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    await seedTenants(stack.mongodbUri, 'service', [tenant.slug]);
    const page = browser.page;
    await signIn(page, await tokenFor(tenant, 'owner'));

    // The invoiced demo job is due a follow-up: scheduled from the list, it leaves the list.
    const followUps = page.getByRole('region', { name: 'Follow-ups due' });
    const due = followUps.locator('tbody tr[data-id]');
    await expect.poll(() => due.count(), { timeout: 15_000 }).toBe(1);
    expect(await due.innerText()).toContain('Water heater replacement');
    await due.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => followUps.innerText(), { timeout: 15_000 }).toContain('opened to follow up');
    await expect.poll(() => due.count(), { timeout: 15_000 }).toBe(0);

    // The demo invoice: 85.00 paid after a 15.00 goodwill refund; 10.00 more goes back.
    const invoices = page.getByRole('region', { name: 'Invoices' });
    const row = invoices.locator('tbody tr[data-id]').first();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Partially paid');
    const balanceBefore = await row.locator('td').nth(4).innerText();
    await row.getByRole('button', { name: 'Refund…' }).click();
    const form = page.getByRole('form', { name: /Refund of invoice/ });
    await form.getByLabel(/Amount/).fill('10.00');
    await form.getByLabel('Reason').fill('Second visit was late too');
    await form.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => row.locator('td').nth(4).innerText(), { timeout: 15_000 }).not.toBe(balanceBefore);

    // The report of this month counts the completed demo job.
    const reports = page.getByRole('region', { name: 'Reports' });
    await expect.poll(() => reports.locator('[data-figure="jobsCompleted"]').innerText(), { timeout: 15_000 }).toBe('1');
    await browser.screenshot('spa-service-money.png');

    // The API agrees: the refunds with their reasons, 75.00 paid; the follow-up opened.
    const owner = await tokenFor(tenant, 'owner');
    const { invoices: list, workOrders } = await api<{
      invoices: { edges: { node: { paid: { amountCents: number }; refunds: { reason: string }[] } }[] };
      workOrders: { totalCount: number };
    }>(stack, owner, '{ invoices { edges { node { paid { amountCents } refunds { reason } } } } workOrders(filter: { followUpPending: true }) { totalCount } }');
    expect(list.edges[0]!.node.paid.amountCents).toBe(7_500);
    expect(list.edges[0]!.node.refunds.map((r) => r.reason)).toEqual(['Goodwill: the technician arrived late.', 'Second visit was late too']);
    expect(workOrders.totalCount).toBe(0);
    expect(browser.foreignRequests()).toEqual([]);
  });
});
