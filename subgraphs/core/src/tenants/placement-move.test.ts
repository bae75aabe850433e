// Moves between placements against the real database: the industry subgraphs' pooled databases are
// filled with the raw driver (core never imports them), then a tenant is moved, cut short, resumed
// and rolled back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { testDatabaseUri } from '@attunelogic/shared/testing';
import { connectTestDatabase, provisionTestTenant } from '../testing';
import { createCoreModels, type CoreModels } from '../models';
import { collectionSum, moveTenant, resumeMove, rollbackMove, type MoveDeployment } from './placement-move';
import { createTenant } from './tenants.service';

const PREFIX = 'test-mv';
let core: Connection;
let models: CoreModels;
let deployment: MoveDeployment;

beforeAll(async () => {
  core = await connectTestDatabase(`${PREFIX}-core`);
  models = createCoreModels(core);
  deployment = { prefix: PREFIX, uri: testDatabaseUri(), connection: core };
});

afterAll(async () => {
  await core?.close();
});

const db = (name: string) => core.getClient().db(name);
const oid = (id: string) => new mongoose.Types.ObjectId(id);
const options = { actor: 'operator:test', cacheTtlMs: 0, batchSize: 2 };

/** A tenant with a few documents in two collections of trucking's pool and one of service's. */
async function tenantWithData(loads = 5) {
  const tenant = await provisionTestTenant(models);
  const parentCompany = oid(tenant.id);
  await db(`${PREFIX}-trucking`)
    .collection('loads')
    .insertMany(
      Array.from({ length: loads }, (_, i) => ({
        parentCompany,
        referenceNumber: `L-${i}`,
        stops: [{ city: 'Dallas', at: new Date(2026, 0, i + 1) }],
        rateCents: 1000 + i,
      })),
    );
  await db(`${PREFIX}-trucking`).collection('vehicles').insertOne({ parentCompany, unitNumber: 'T-1', odometer: 1.5 });
  await db(`${PREFIX}-service`).collection('workorders').insertOne({ parentCompany, title: 'Fix the boiler', totalCents: 1234 });
  return tenant;
}

const countIn = (database: string, collection: string, tenantId: string) =>
  db(database)
    .collection(collection)
    .countDocuments({ parentCompany: oid(tenantId) });
const placementOfTenant = async (slug: string) => (await models.Tenant.findOne({ slug }).lean())?.placement;
const auditOperations = async (tenantId: string) =>
  (
    await models.audit.AuditEvent.find({ parentCompany: oid(tenantId) })
      .sort({ seq: 1 })
      .lean()
  )
    .map((event) => event.operation)
    .filter((op) => op.startsWith('moveTenant'));

describe.concurrent('pnpm tenant move', () => {
  it('moves a tenant pooled → dedicated → pooled with identical counts and checksums, and leaves other tenants alone', async () => {
    const tenant = await tenantWithData();
    const neighbour = await tenantWithData(3);
    const before = await collectionSum(db(`${PREFIX}-trucking`), 'loads', tenant.id);

    const dedicated = await moveTenant(models, deployment, tenant.slug, { mode: 'dedicated' }, options);
    expect(dedicated).toMatchObject({ mode: 'dedicated', version: 1, moving: null });
    const own = `${PREFIX}-trucking-t-${tenant.id}`;
    expect(await collectionSum(db(own), 'loads', tenant.id)).toEqual(before);
    expect(await countIn(own, 'vehicles', tenant.id)).toBe(1);
    expect(await countIn(`${PREFIX}-service-t-${tenant.id}`, 'workorders', tenant.id)).toBe(1);
    expect(await countIn(`${PREFIX}-trucking`, 'loads', tenant.id)).toBe(0);
    expect(await countIn(`${PREFIX}-service`, 'workorders', tenant.id)).toBe(0);
    expect(await countIn(`${PREFIX}-trucking`, 'loads', neighbour.id)).toBe(3);

    const pooled = await moveTenant(models, deployment, tenant.slug, { mode: 'pooled' }, options);
    expect(pooled).toMatchObject({ mode: 'pooled', version: 2, moving: null });
    expect(await collectionSum(db(`${PREFIX}-trucking`), 'loads', tenant.id)).toEqual(before);
    // The dedicated databases are gone with the tenant's last document.
    const names = (await core.getClient().db().admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
    expect(names).not.toContain(own);

    expect(await auditOperations(tenant.id)).toEqual([
      ...['moveTenantHold', 'moveTenantCopy', 'moveTenantCopied', 'moveTenantSwitch', 'moveTenantRelease', 'moveTenantFinish'],
      ...['moveTenantHold', 'moveTenantCopy', 'moveTenantCopied', 'moveTenantSwitch', 'moveTenantRelease', 'moveTenantFinish'],
    ]);
    expect(await auditOperations(neighbour.id)).toEqual([]);
  });

  it('holds writes from the start of the move until after the switch, recorded in the tenant record', async () => {
    const tenant = await tenantWithData(2);
    const seen: { phase: string | undefined; hold: boolean | undefined }[] = [];
    const sleep = async () => {
      const moving = (await placementOfTenant(tenant.slug))?.moving;
      seen.push({ phase: moving?.phase, hold: moving?.hold });
    };
    await moveTenant(models, deployment, tenant.slug, { mode: 'dedicated' }, { ...options, sleep });
    expect(seen).toEqual([
      { phase: 'holding', hold: true },
      { phase: 'switched', hold: true },
    ]);
    expect((await placementOfTenant(tenant.slug))?.mode).toBe('dedicated');
  });

  it('resumes a move cut short in the middle of a copy, with nothing lost or doubled', async () => {
    const tenant = await tenantWithData(7);
    const before = await collectionSum(db(`${PREFIX}-trucking`), 'loads', tenant.id);
    const cut = {
      ...options,
      afterBatch: (collection: string, copied: number) => {
        if (collection === 'loads' && copied >= 4) throw new Error('killed');
      },
    };
    await expect(moveTenant(models, deployment, tenant.slug, { mode: 'dedicated' }, cut)).rejects.toThrow('killed');
    const stopped = await placementOfTenant(tenant.slug);
    expect(stopped).toMatchObject({ mode: 'pooled', moving: { phase: 'copying', hold: true } });
    expect(await countIn(`${PREFIX}-trucking-t-${tenant.id}`, 'loads', tenant.id)).toBe(4);

    await expect(moveTenant(models, deployment, tenant.slug, { mode: 'dedicated' }, options)).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await resumeMove(models, deployment, tenant.slug, options);
    expect(done).toMatchObject({ mode: 'dedicated', version: 1, moving: null });
    expect(await collectionSum(db(`${PREFIX}-trucking-t-${tenant.id}`), 'loads', tenant.id)).toEqual(before);
    expect(await countIn(`${PREFIX}-trucking`, 'loads', tenant.id)).toBe(0);
  });

  it('rolls back a move before its switch: the copies removed, the source untouched, writes released', async () => {
    const tenant = await tenantWithData(5);
    const before = await collectionSum(db(`${PREFIX}-trucking`), 'loads', tenant.id);
    const cut = {
      ...options,
      afterBatch: () => {
        throw new Error('killed');
      },
    };
    await expect(moveTenant(models, deployment, tenant.slug, { mode: 'dedicated' }, cut)).rejects.toThrow('killed');
    const rolledBack = await rollbackMove(models, deployment, tenant.slug, options);
    expect(rolledBack).toMatchObject({ mode: 'pooled', version: 0, moving: null });
    expect(await collectionSum(db(`${PREFIX}-trucking`), 'loads', tenant.id)).toEqual(before);
    expect(await countIn(`${PREFIX}-trucking-t-${tenant.id}`, 'loads', tenant.id)).toBe(0);
    expect(await auditOperations(tenant.id)).toEqual(['moveTenantHold', 'moveTenantCopy', 'moveTenantRollback', 'moveTenantRolledBack']);
  });

  it('refuses a rollback after the switch, and a move to where the tenant already is', async () => {
    const tenant = await tenantWithData(1);
    await expect(moveTenant(models, deployment, tenant.slug, { mode: 'pooled' }, options)).rejects.toMatchObject({ code: 'CONFLICT' });
    const sleep = async () => {
      if ((await placementOfTenant(tenant.slug))?.moving?.phase === 'switched') throw new Error('killed');
    };
    await expect(moveTenant(models, deployment, tenant.slug, { mode: 'dedicated' }, { ...options, sleep })).rejects.toThrow('killed');
    await expect(rollbackMove(models, deployment, tenant.slug, options)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await resumeMove(models, deployment, tenant.slug, options)).toMatchObject({ mode: 'dedicated', moving: null });
  });

  it('never writes a dedicated URI into the audit chain', async () => {
    const tenant = await tenantWithData(1);
    const uri = testDatabaseUri();
    await moveTenant(models, deployment, tenant.slug, { mode: 'dedicated', uri }, options);
    expect((await placementOfTenant(tenant.slug))?.uri).toBe(uri);
    const events = await models.audit.AuditEvent.find({ parentCompany: oid(tenant.id) }).lean();
    expect(JSON.stringify(events)).not.toContain(uri);
  });

  it('provisions by plan: an enterprise tenant is dedicated unless the operator says otherwise', async () => {
    const suffix = new mongoose.Types.ObjectId().toHexString().slice(-8);
    const provision = async (slug: string, extra: { plan?: 'enterprise'; placement?: 'pooled' }) => {
      const { tenant } = await createTenant(
        models,
        { slug, name: 'Big Co', appType: 'trucking', owner: { email: `o@${slug}.test`, name: 'Owner' }, ...extra },
        'operator:test',
      );
      return `${tenant.plan}, ${tenant.placement.mode}`;
    };
    expect(await provision(`ent-${suffix}`, { plan: 'enterprise' })).toBe('enterprise, dedicated');
    expect(await provision(`entp-${suffix}`, { plan: 'enterprise', placement: 'pooled' })).toBe('enterprise, pooled');
    expect(await provision(`std-${suffix}`, {})).toBe('standard, pooled');
  });
});
