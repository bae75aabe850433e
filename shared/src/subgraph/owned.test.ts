import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { AuditTrail } from '../audit/audit-trail';
import { DomainError } from '../errors/domain-error';
import { TenantLoaders } from '../loaders';
import { connectDatabase } from '../mongo/connect';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';
import { makeTenantContext } from '../testing/tenants';
import { alreadyRetired, createOwned, findOwned, loadOwned, setRetiredOwned, updateOwned, type OwnedContext, type SetRetiredOptions } from './owned';

interface Gadget extends TenantOwned {
  name: string;
  qty: number;
  createdBy: mongoose.Types.ObjectId;
  retiredAt: Date | null;
}

let connection: Connection;
let Gadget: mongoose.Model<Gadget>;

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-shared-owned');
  const schema = new mongoose.Schema<Gadget>({
    name: { type: String, required: true },
    qty: { type: Number, default: 0, min: 0 },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true },
    retiredAt: { type: Date, default: null },
  });
  schema.plugin(tenantPlugin);
  schema.index({ parentCompany: 1, name: 1 }, { unique: true });
  Gadget = connection.model<Gadget>('Gadget', schema);
  await Gadget.init();
});

afterAll(async () => {
  await connection?.close();
});

/** A request's context for a fresh tenant, with the batches its loaders send. */
function request(tenant = makeTenantContext()): OwnedContext & { batches: number[] } {
  const batches: number[] = [];
  return { tenant, loaders: new TenantLoaders(tenant, (batch) => batches.push(batch.keys)), audit: new AuditTrail(), batches };
}

/** The code and message a call fails with. */
async function failure(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('owned-record helpers', () => {
  it('createOwned stores the tenant and the creator, primes the loader and records one audit event', async () => {
    const ctx = request();
    const field = audited(ctx);
    const created = await createOwned(ctx, Gadget, { name: 'g1', qty: 2, parentCompany: new mongoose.Types.ObjectId() }, { what: 'Gadget' });
    expect(created.parentCompany.toHexString()).toBe(ctx.tenant.tenantId);
    expect(created.createdBy.toHexString()).toBe(ctx.tenant.userId);
    // Primed: reading it back through the loader sends no batch.
    await expect(loadOwned(ctx, Gadget, created._id.toHexString(), 'Gadget')).resolves.toMatchObject({ name: 'g1' });
    expect(ctx.batches).toEqual([]);
    expect(ctx.audit.targetOf(field)).toEqual({ type: 'Gadget', id: created._id.toHexString(), diff: expect.objectContaining({ name: { from: null, to: 'g1' } }) });
  });

  it('createOwned turns a duplicate key into the given error, and leaves other errors alone', async () => {
    const ctx = request();
    audited(ctx);
    await createOwned(ctx, Gadget, { name: 'same' }, { what: 'Gadget' });
    const duplicate = () => new DomainError('CONFLICT', 'taken');
    await expect(failure(() => createOwned(ctx, Gadget, { name: 'same' }, { what: 'Gadget', duplicate }))).resolves.toEqual({ code: 'CONFLICT', message: 'taken' });
    await expect(createOwned(ctx, Gadget, { name: 'negative', qty: -1 }, { what: 'Gadget', duplicate })).rejects.toThrow(/qty/);
  });

  it("another tenant's record and a missing one are the same NOT_FOUND, through the loader and the database", async () => {
    const owner = request();
    audited(owner);
    const theirs = await createOwned(owner, Gadget, { name: 'theirs' }, { what: 'Gadget' });
    const intruder = request();
    const missing = new mongoose.Types.ObjectId();
    const reads = [(id: string) => loadOwned(intruder, Gadget, id, 'Gadget'), (id: string) => findOwned(intruder, Gadget, id, 'Gadget')];
    for (const read of reads) {
      const other = await failure(() => read(theirs._id.toHexString()));
      const none = await failure(() => read(missing.toHexString()));
      expect(other).toEqual({ code: 'NOT_FOUND', message: `Gadget ${theirs._id.toHexString()} was not found.` });
      expect(none).toEqual({ code: 'NOT_FOUND', message: `Gadget ${missing.toHexString()} was not found.` });
    }
    await expect(failure(() => findOwned(intruder, Gadget, { $ne: null }, 'Gadget', { field: 'gadgetId' }))).resolves.toEqual({
      code: 'BAD_USER_INPUT',
      message: '"gadgetId" is not a valid id.',
    });
  });

  it('findOwned with select reads only those fields', async () => {
    const ctx = request();
    audited(ctx);
    const created = await createOwned(ctx, Gadget, { name: 'partial', qty: 5 }, { what: 'Gadget' });
    const read = await findOwned(ctx, Gadget, created._id, 'Gadget', { select: ['qty'] });
    expect(read).toEqual({ _id: created._id, qty: 5 });
  });

  it('updateOwned writes under the guard, refreshes the loader and records before and after', async () => {
    const ctx = request();
    audited(ctx);
    const before = await createOwned(ctx, Gadget, { name: 'u1', qty: 1 }, { what: 'Gadget' });
    const field = audited(ctx);
    const after = await updateOwned(ctx, Gadget, before, { $set: { qty: 7 } }, { what: 'Gadget', guard: { qty: 1 } });
    expect(after.qty).toBe(7);
    await expect(loadOwned(ctx, Gadget, before._id, 'Gadget')).resolves.toMatchObject({ qty: 7 });
    expect(ctx.batches).toEqual([]);
    expect(ctx.audit.targetOf(field)).toEqual({ type: 'Gadget', id: before._id.toHexString(), diff: { qty: { from: 1, to: 7 } } });
  });

  it('a missed guard is CONFLICT built from the current record; a record gone meanwhile is NOT_FOUND', async () => {
    const ctx = request();
    audited(ctx);
    const before = await createOwned(ctx, Gadget, { name: 'race', qty: 1 }, { what: 'Gadget' });
    await Gadget.updateOne({ _id: before._id, parentCompany: before.parentCompany }, { $set: { qty: 3 } });
    const changed = (current: { qty: number }) => new DomainError('CONFLICT', `now ${current.qty}`);
    await expect(failure(() => updateOwned(ctx, Gadget, before, { $set: { qty: 2 } }, { what: 'Gadget', guard: { qty: 1 }, changed }))).resolves.toEqual({
      code: 'CONFLICT',
      message: 'now 3',
    });
    await expect(failure(() => updateOwned(ctx, Gadget, before, { $set: { qty: 2 } }, { what: 'Gadget', guard: { qty: 1 } }))).resolves.toEqual({
      code: 'CONFLICT',
      message: 'The Gadget was changed by another request; try again.',
    });
    await Gadget.deleteOne({ _id: before._id, parentCompany: before.parentCompany });
    await expect(failure(() => updateOwned(ctx, Gadget, before, { $set: { qty: 2 } }, { what: 'Gadget' }))).resolves.toEqual({
      code: 'NOT_FOUND',
      message: `Gadget ${before._id.toHexString()} was not found.`,
    });
  });

  it("updateOwned cannot reach another tenant's record, whatever the guard says", async () => {
    const owner = request();
    audited(owner);
    const theirs = await createOwned(owner, Gadget, { name: 'guarded', qty: 1 }, { what: 'Gadget' });
    const intruder = request();
    const attempt = await failure(() => updateOwned(intruder, Gadget, theirs, { $set: { qty: 9 } }, { what: 'Gadget', guard: { parentCompany: theirs.parentCompany } }));
    expect(attempt).toEqual({ code: 'NOT_FOUND', message: `Gadget ${theirs._id.toHexString()} was not found.` });
    const stored = await Gadget.findOne({ _id: theirs._id, parentCompany: theirs.parentCompany }).lean();
    expect(stored?.qty).toBe(1);
  });
  describe('setRetiredOwned', () => {
    const at = new Date('2031-01-02T03:04:05Z');
    const byDate = (extra: Partial<SetRetiredOptions<Gadget>> = {}): SetRetiredOptions<Gadget> => ({
      what: 'Gadget',
      isRetired: (doc) => Boolean(doc.retiredAt),
      set: (retire) => ({ retiredAt: retire ? at : null }),
      already: alreadyRetired('The gadget'),
      ...extra,
    });

    it('retires and reinstates: only the retirement fields change, the loader is refreshed, one audit event each', async () => {
      const ctx = request();
      audited(ctx);
      const created = await createOwned(ctx, Gadget, { name: 'r1', qty: 4 }, { what: 'Gadget' });
      const retiring = audited(ctx);
      const retired = await setRetiredOwned(ctx, Gadget, created, true, byDate());
      expect(retired).toMatchObject({ name: 'r1', qty: 4, retiredAt: at });
      await expect(loadOwned(ctx, Gadget, created._id, 'Gadget')).resolves.toMatchObject({ retiredAt: at });
      expect(ctx.audit.targetOf(retiring)).toEqual({ type: 'Gadget', id: created._id.toHexString(), diff: { retiredAt: { from: null, to: at } } });
      const reinstating = audited(ctx);
      const back = await setRetiredOwned(ctx, Gadget, retired, false, byDate());
      expect(back.retiredAt).toBeNull();
      expect(ctx.audit.targetOf(reinstating)).toEqual({ type: 'Gadget', id: created._id.toHexString(), diff: { retiredAt: { from: at, to: null } } });
      expect(ctx.batches).toEqual([]);
    });

    it('a record already so is the given error, or without one answered as it is, writing nothing', async () => {
      const ctx = request();
      audited(ctx);
      const created = await createOwned(ctx, Gadget, { name: 'r2' }, { what: 'Gadget' });
      await expect(failure(() => setRetiredOwned(ctx, Gadget, created, false, byDate()))).resolves.toEqual({ code: 'CONFLICT', message: 'The gadget is not retired.' });
      const retired = await setRetiredOwned(ctx, Gadget, created, true, byDate());
      await expect(failure(() => setRetiredOwned(ctx, Gadget, retired, true, byDate()))).resolves.toEqual({
        code: 'CONFLICT',
        message: 'The gadget is already retired.',
      });
      const { already: _already, ...quiet } = byDate();
      await expect(setRetiredOwned(ctx, Gadget, retired, true, quiet)).resolves.toBe(retired);
    });

    it('beforeRetiring refuses a retirement (and is not asked when reinstating); a missed guard is CONFLICT', async () => {
      const ctx = request();
      audited(ctx);
      const created = await createOwned(ctx, Gadget, { name: 'r3', qty: 1 }, { what: 'Gadget' });
      const refuse = () => {
        throw new DomainError('CONFLICT', 'still in use');
      };
      await expect(failure(() => setRetiredOwned(ctx, Gadget, created, true, byDate({ beforeRetiring: refuse })))).resolves.toEqual({
        code: 'CONFLICT',
        message: 'still in use',
      });
      expect((await Gadget.findOne({ _id: created._id, parentCompany: created.parentCompany }).lean())?.retiredAt).toBeNull();
      await Gadget.updateOne({ _id: created._id, parentCompany: created.parentCompany }, { $set: { qty: 2 } });
      await expect(failure(() => setRetiredOwned(ctx, Gadget, created, true, byDate({ guard: { qty: 1 }, changed: 'moved meanwhile' })))).resolves.toEqual({
        code: 'CONFLICT',
        message: 'moved meanwhile',
      });
      const retired = await setRetiredOwned(ctx, Gadget, { ...created, qty: 2 }, true, byDate());
      await expect(setRetiredOwned(ctx, Gadget, retired, false, byDate({ beforeRetiring: refuse }))).resolves.toMatchObject({ retiredAt: null });
    });

    it("cannot retire another tenant's record: NOT_FOUND, and the record stays as it was", async () => {
      const owner = request();
      audited(owner);
      const theirs = await createOwned(owner, Gadget, { name: 'r4' }, { what: 'Gadget' });
      const intruder = request();
      audited(intruder);
      await expect(failure(() => setRetiredOwned(intruder, Gadget, theirs, true, byDate()))).resolves.toEqual({
        code: 'NOT_FOUND',
        message: `Gadget ${theirs._id.toHexString()} was not found.`,
      });
      expect((await Gadget.findOne({ _id: theirs._id, parentCompany: theirs.parentCompany }).lean())?.retiredAt).toBeNull();
    });
  });
});

/** Starts a new mutation field on the request's audit trail, as the audit plugin does. */
function audited(ctx: OwnedContext): string {
  const field = `field-${Math.random()}`;
  ctx.audit.enter(field);
  return field;
}
