import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Connection } from 'mongoose';
import { makeTenantContext } from '../testing/tenants';
import { connectDatabase } from './connect';
import { advanceSequence, counterModel, nextSequenceValue, type CounterModel } from './counters';

let connection: Connection;
let Counter: CounterModel;

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-shared-counters');
  Counter = counterModel(connection);
  await Counter.init();
});

afterAll(async () => {
  await connection?.close();
});

describe('tenant number sequences', () => {
  it('hands out 1, 2, 3 per tenant and sequence, each tenant and sequence on its own', async () => {
    const a = makeTenantContext();
    const b = makeTenantContext();
    expect([await nextSequenceValue(Counter, a, 'invoice'), await nextSequenceValue(Counter, a, 'invoice')]).toEqual([1, 2]);
    expect(await nextSequenceValue(Counter, a, 'settlement')).toBe(1);
    expect(await nextSequenceValue(Counter, b, 'invoice')).toBe(1);
  });

  it('never hands out a number twice under concurrent first increments', async () => {
    const tenant = makeTenantContext();
    const values = await Promise.all(Array.from({ length: 12 }, () => nextSequenceValue(Counter, tenant, 'invoice')));
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('advances to at least a value and never back', async () => {
    const tenant = makeTenantContext();
    await advanceSequence(Counter, tenant, 'invoice', 40);
    await advanceSequence(Counter, tenant, 'invoice', 7);
    expect(await nextSequenceValue(Counter, tenant, 'invoice')).toBe(41);
  });
});
