// The partner Playground as a partner meets it: a real Chromium opens the gateway's GraphQL URL,
// the token goes into GraphiQL's headers editor, a query runs, the result pane shows the data, and
// nothing the page loads comes from anywhere but the gateway itself.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { type Request } from 'playwright-core';
import { launchBrowser, type Browser } from './chromium';
import { replaceEditorText } from './monaco';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser(stack.url);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await browser?.screenshot('playground-failed.png');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('partner Playground in Chromium', () => {
  it('loads from the gateway alone, takes a token in the headers editor and shows the result', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant, 'dispatcher');
    const page = browser.page;

    const response = await page.goto(`${stack.url}/api/v1/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    // A first visit opens the session query and a tab of examples per area (gateway/src/playground-examples.ts).
    for (const example of ['Session', 'Parties', 'AddAccessorial', 'LoadStops', 'DispatchBoard', 'RecordDutyStatus'])
      await page.locator('.graphiql-tab', { hasText: example }).first().waitFor();

    await page.getByRole('button', { name: 'Headers' }).click();
    await replaceEditorText(
      page,
      page.locator('.graphiql-editor-tool .graphiql-editor:visible .monaco-editor'),
      JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2),
    );
    await replaceEditorText(page, page.locator('.graphiql-query-editor .monaco-editor'), 'query PartnerCheck { me { email } tenant { slug } }');
    // GraphiQL infers the operation to run from the editor after a short delay; the tab shows it.
    await page.locator('.graphiql-tab', { hasText: 'PartnerCheck' }).waitFor();

    const isQuery = (r: Request) => r.method() === 'POST' && (r.postData() ?? '').includes('tenant{slug}');
    const [sent, answered] = await Promise.all([
      page.waitForRequest(isQuery),
      page.waitForResponse((r) => isQuery(r.request())),
      page.locator('.graphiql-execute-button').click(),
    ]);
    expect(sent.headers()['authorization']).toBe(`Bearer ${token}`);
    const body = (await answered.json()) as unknown;
    const email = `dispatcher@${tenant.slug}.test`;
    expect(body).toEqual({ data: { me: { email }, tenant: { slug: tenant.slug } } });

    const pane = page.locator('.graphiql-response');
    await expect.poll(() => pane.innerText()).toContain(email);
    // Monaco renders spaces as no-break spaces.
    const shown = JSON.parse((await pane.innerText()).replace(/\u00a0/g, ' ')) as unknown;
    expect(shown).toEqual(body);
    await browser.screenshot('playground.png');

    // The token stays with the tab: nothing of it in localStorage, and a new tab starts without it.
    await expect.poll(() => page.evaluate(() => JSON.stringify(sessionStorage))).toContain(token);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);
    const other = await page.context().newPage();
    await other.goto(`${stack.url}/api/v1/graphql`);
    await other.locator('.graphiql-query-editor .monaco-editor').waitFor();
    expect(await other.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).not.toContain(token);
    await other.close();

    expect(browser.requests.length).toBeGreaterThan(0);
    expect(browser.foreignRequests()).toEqual([]);
    for (const url of browser.requests) expect(new URL(url).origin).toBe(stack.url);
  });
});
