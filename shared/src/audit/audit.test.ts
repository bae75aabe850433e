import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { CommandCounter } from '../mongo/command-counter';
import { connectDatabase } from '../mongo/connect';
import { appendAuditEvent, hashEvent, verifyAuditChain, type AuditEventContent } from './audit-chain';
import { createAuditModels, type AuditModels } from './audit.model';
import { diffDocuments } from './audit-trail';

let connection: Connection;
let models: AuditModels;

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-audit', { monitorCommands: true });
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

describe('audit chain head', () => {
  const headOf = async (tenant: string) => models.AuditHead.findOne({ _id: tenant, parentCompany: tenant }).select({ _id: 0, seq: 1, hash: 1 }).lean();

  it('appends without reading the events: the head document says where the chain ends', async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 3; i++) await appendAuditEvent(models, tenant, event(`op${i}`));
    const counter = new CommandCounter(connection);
    try {
      await appendAuditEvent(models, tenant, event('op3'));
    } finally {
      counter.stop();
    }
    const reads = counter.commands.filter((c) => c.name === 'find' || c.name === 'aggregate').map((c) => c.collection);
    expect(reads).toEqual(['auditHeads']);
    await expect(verifyAuditChain(models, tenant)).resolves.toEqual({ ok: true, checked: 4, brokenAt: null });
  });

  it('continues the chain when the head is behind, missing, or another process appended first', async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 3; i++) await appendAuditEvent(models, tenant, event(`op${i}`));
    // A crash between an insert and the head's update leaves the head one event behind.
    const second = await models.AuditEvent.findOne({ parentCompany: tenant, seq: 2 }).lean();
    await models.AuditHead.updateOne({ _id: tenant, parentCompany: tenant }, { $set: { seq: 2, hash: second!.hash } });
    await appendAuditEvent(models, tenant, event('after a crash'));
    // A head that was never written.
    await models.AuditHead.deleteOne({ _id: tenant, parentCompany: tenant });
    await appendAuditEvent(models, tenant, event('without a head'));
    // Another process inserted seq 6 and has not moved the head yet.
    const fifth = await models.AuditEvent.findOne({ parentCompany: tenant, seq: 5 }).lean();
    const other = event('from another process');
    await models.AuditEvent.create({ ...other, parentCompany: tenant, seq: 6, prevHash: fifth!.hash, hash: hashEvent(tenant, 6, fifth!.hash, other) });
    await appendAuditEvent(models, tenant, event('after the other process'));

    const chain = await models.AuditEvent.find({ parentCompany: tenant }).sort({ seq: 1 }).lean();
    expect(chain.map((e) => [e.seq, e.operation])).toEqual([
      [1, 'op0'],
      [2, 'op1'],
      [3, 'op2'],
      [4, 'after a crash'],
      [5, 'without a head'],
      [6, 'from another process'],
      [7, 'after the other process'],
    ]);
    expect(await headOf(tenant)).toEqual({ seq: 7, hash: chain[6]!.hash });
    await expect(verifyAuditChain(models, tenant)).resolves.toEqual({ ok: true, checked: 7, brokenAt: null });
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

  it('keeps a large value (a polygon of thousands of positions) as its size and digest, which still tell versions apart', () => {
    const ring = (n: number, shift: number) => Array.from({ length: n }, (_, i) => [i / 1_000 + shift, i / 2_000]);
    const [small, large, other] = [ring(10, 0), ring(5_000, 0), ring(5_000, 1)];
    const diff = diffDocuments({ polygon: small, name: 'a' }, { polygon: large, name: 'a' });
    expect(diff['polygon']!.from).toEqual(small);
    expect(diff['polygon']!.to).toEqual({ bytes: JSON.stringify(large).length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const next = diffDocuments({ polygon: large }, { polygon: other });
    expect(next['polygon']!.from).toEqual(diff['polygon']!.to);
    expect((next['polygon']!.to as { sha256: string }).sha256).not.toBe((next['polygon']!.from as { sha256: string }).sha256);
    expect(JSON.stringify(next).length).toBeLessThan(400);
  });
});
