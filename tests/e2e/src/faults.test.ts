import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startFerretDB, type RunningDatabase } from '@attunelogic/shared/dev';
import { freshTenant, post, startStack, tokenFor, type Stack } from './stack';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('the database going down', () => {
  it('gives a clean SERVICE_UNAVAILABLE within a bounded time, and recovers without a restart when it returns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-fault-'));
    const port = await freePort();
    let db: RunningDatabase = await startFerretDB({ port, dir });
    const stack: Stack = await startStack({ mongodbUri: db.uri });
    cleanup.push(async () => {
      await stack.stop();
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant);
    const query = '{ vehicles { totalCount } }';
    expect((await post(stack, { query, token })).body.errors).toBeUndefined();

    await db.stop();
    const started = Date.now();
    const down = await post(stack, { query, token });
    const elapsed = Date.now() - started;
    expect(down.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'database' });
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|Mongo|ECONNREFUSED/);
    expect(elapsed).toBeLessThan(8_000);
    // A user the gateway has not cached yet needs the database for parent verification.
    const uncached = await post(stack, { query, token: await tokenFor(tenant, 'viewer') });
    expect(uncached.status).toBe(503);
    expect(uncached.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'database' });

    db = await startFerretDB({ port, dir });
    let recovered = false;
    for (let i = 0; i < 40 && !recovered; i++) {
      const res = await post<{ vehicles: { totalCount: number } }>(stack, { query, token });
      recovered = res.body.data?.vehicles.totalCount === 0;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('drains in-flight requests: every request accepted before stop() is answered', async () => {
    const stack = await startStack();
    const tenant = await freshTenant(stack, 'serviceRepair');
    const token = await tokenFor(tenant);
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      stack.gateway.http.on('request', () => {
        if (++received === 20) resolve();
      }),
    );
    const inflight = Array.from({ length: 20 }, () => post(stack, { query: '{ me { id } workOrders { totalCount } }', token }));
    await allReceived;
    const stopping = stack.gateway.stop();
    const responses = await Promise.allSettled(inflight);
    await stopping;
    await stack.stop().catch(() => undefined);
    // All 20 were being handled when stop() was called: every one is answered in full.
    expect(responses.map((r) => (r.status === 'fulfilled' ? r.value.status : String(r.reason)))).toEqual(Array(20).fill(200));
    // And the gateway takes no new request.
    await expect(post(stack, { query: '{ me { id } }', token })).rejects.toThrow();
  });
});
