import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '../mongo/connect';
import { appendAuditEvent, verifyAuditChain, type AuditEventContent } from './audit-chain';
import { createAuditModels, type AuditModels } from './audit.model';
import { diffDocuments } from './audit-trail';

let connection: Connection;
let models: AuditModels;

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-audit');
  models = createAuditModels(connection);
  await Promise.all([models.AuditEvent.init(), models.AuditHead.init()]);
});

afterAll(async () => {
  await connection?.close();
});

const event = (operation: string, diff: AuditEventContent['diff'] = null): AuditEventContent => ({
  at: new Date(),
  actor: new mongoose.Types.ObjectId().toHexString(),
  subgraph: 'test',
  operation,
  targetType: 'Thing',
  targetId: new mongoose.Types.ObjectId().toHexString(),
  outcome: 'success',
  errorCode: null,
  diff,
  requestId: 'req-1',
});

const freshTenant = () => new mongoose.Types.ObjectId().toHexString();

describe('audit chain', () => {
  it('keeps every one of 50 concurrent appends, in one unbroken chain', async () => {
    const tenant = freshTenant();
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAuditEvent(models, tenant, event(`op${i}`, { n: { from: i, to: i + 1 } }))));
    const seqs = (await models.AuditEvent.find({ parentCompany: tenant }).sort({ seq: 1 }).lean()).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await expect(verifyAuditChain(models, tenant)).resolves.toEqual({ ok: true, checked: 50, brokenAt: null });
  });

  it('keeps tenants apart: each has its own chain from seq 1', async () => {
    const [a, b] = [freshTenant(), freshTenant()];
    await appendAuditEvent(models, a, event('a1'));
    await appendAuditEvent(models, b, event('b1'));
    await appendAuditEvent(models, a, event('a2'));
    expect((await models.AuditEvent.find({ parentCompany: b }).lean()).map((e) => [e.seq, e.operation])).toEqual([[1, 'b1']]);
    expect((await verifyAuditChain(models, a)).checked).toBe(2);
  });

  it('reports an edited event as the first broken link', async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 5; i++) await appendAuditEvent(models, tenant, event(`op${i}`));
    await models.AuditEvent.updateOne({ parentCompany: tenant, seq: 3 }, { $set: { outcome: 'denied' } });
    await expect(verifyAuditChain(models, tenant)).resolves.toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('reports a re-hashed edit by the broken link to the next event', async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 4; i++) await appendAuditEvent(models, tenant, event(`op${i}`));
    await models.AuditEvent.updateOne({ parentCompany: tenant, seq: 2 }, { $set: { hash: 'f'.repeat(64) } });
    const result = await verifyAuditChain(models, tenant);
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.seq).toBe(2);
  });

  it('reports a deleted event in the middle, and a deleted newest event', async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 5; i++) await appendAuditEvent(models, tenant, event(`op${i}`));
    await models.AuditEvent.deleteOne({ parentCompany: tenant, seq: 5 });
    await expect(verifyAuditChain(models, tenant)).resolves.toMatchObject({ ok: false, brokenAt: { seq: 5, reason: 'truncated' } });
    await models.AuditEvent.deleteOne({ parentCompany: tenant, seq: 2 });
    await expect(verifyAuditChain(models, tenant)).resolves.toMatchObject({ ok: false, brokenAt: { seq: 2, reason: 'missing_event' } });
  });
});

describe('diffDocuments', () => {
  it('lists changed fields only, with secrets redacted and bookkeeping fields left out', () => {
    expect(
      diffDocuments(
        { _id: 1, name: 'a', qty: 1, passwordHash: 'x', apiToken: 't', updatedAt: 1, same: [1] },
        { _id: 1, name: 'b', qty: 1, passwordHash: 'y', apiToken: 't', updatedAt: 2, same: [1], added: true },
      ),
    ).toEqual({ name: { from: 'a', to: 'b' }, passwordHash: { from: '[redacted]', to: '[redacted]' }, added: { from: null, to: true } });
  });
});
