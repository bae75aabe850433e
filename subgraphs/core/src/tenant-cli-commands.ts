// The operator's commands of `pnpm tenant` (tenant-cli.ts is the process around them): changes to a
// tenant, each written to the tenant's audit log like a change through the API, and its portability.
import { APP_TYPES, type AppType } from '@attunelogic/shared';
import { type CoreModels } from './models';
import { PAYMENT_STATUSES, type PaymentStatus } from './tenants/tenants.model';
import { PLANS, type Plan } from '@attunelogic/shared/tenancy';
import { eraseTenantBySlug, exportTenantToFile, importTenantFromFile, sweepTable, sweepTenantBySlug, type PortabilityIo } from './portability/portability.service';
import { activateTenant, createTenant, deactivateTenant, renameTenantBySlug, setPaymentStatus, setPlan, type TenantChange } from './tenants/tenants.service';

export const USAGE = `usage: pnpm tenant <command> [options]

  provision   --slug <slug> --name <name> --app-type <${APP_TYPES.join('|')}> --owner-email <email> --owner-name <name>
  activate    --slug <slug>
  deactivate  --slug <slug>
  set-payment --slug <slug> --status <${PAYMENT_STATUSES.join('|')}>
  rename      --slug <slug> --name <name>
  set-plan    --slug <slug> --plan <${PLANS.join('|')}>

  export <slug> --out <file.tar.gz>     every document and file of the tenant, with a manifest (docs/PORTABILITY.md)
  import <slug> --from <file.tar.gz>    an archive into the empty tenant <slug>, verified against its manifest
  erase  <slug> --confirm <slug>        erases a deactivated tenant (a tombstone stays), then sweeps
  sweep  <slug>                         counts what of the tenant remains, everywhere (0 after an erasure)

Progress goes to stderr. Every change is written to the tenant's audit log as operator:<login> (or --actor <name>).
The gateway applies activation, deactivation, payment and plan changes within TENANT_CACHE_TTL_MS.`;

export const OPTIONS = {
  slug: { type: 'string' },
  name: { type: 'string' },
  'app-type': { type: 'string' },
  'owner-email': { type: 'string' },
  'owner-name': { type: 'string' },
  status: { type: 'string' },
  plan: { type: 'string' },
  actor: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  confirm: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

const describeChange = ({ before, after }: TenantChange): string => {
  const fields = (['name', 'active', 'paymentStatus', 'plan'] as const).filter((field) => before[field] !== after[field]);
  return fields.length ? fields.map((field) => `${field} ${String(before[field])} → ${String(after[field])}`).join(', ') : 'no change (already so)';
};

/** Runs one operator command against the core and audit databases; returns what it did (one line, or the sweep's table). */
export async function runTenantCommand(
  models: CoreModels,
  command: string | undefined,
  values: Record<string, unknown>,
  actor: string,
  io: PortabilityIo = { storage: null },
): Promise<string> {
  switch (command) {
    case 'export': {
      const manifest = await exportTenantToFile(models, required(values, 'slug'), required(values, 'out'), actor, io);
      const documents = manifest.collections.reduce((n, c) => n + c.count, 0);
      return `exported ${manifest.tenant.slug}: ${documents} documents in ${manifest.collections.length} collections, ${manifest.files.length} files, audit head ${manifest.audit.head?.hash ?? 'none'} → ${String(values['out'])}`;
    }
    case 'import': {
      const report = await importTenantFromFile(models, required(values, 'slug'), required(values, 'from'), actor, io);
      const documents = report.collections.reduce((n, c) => n + c.count, 0);
      return `imported ${report.manifest.tenant.slug} (exported ${report.manifest.exportedAt}) into ${String(values['slug'])}: ${documents} documents and ${report.files} files, counts and checksums verified; audit history of ${report.auditHistory.count} events ends at the manifest's head`;
    }
    case 'erase': {
      const { erasure, sweep } = await eraseTenantBySlug(models, required(values, 'slug'), values['confirm'] as string | undefined, io);
      const deleted = erasure.deleted.reduce((n, c) => n + c.count, 0);
      return `erased ${String(values['slug'])}: ${deleted} documents and ${erasure.files} files; audit anchor ${erasure.tombstone.auditAnchor.hash ?? 'none'} (${erasure.tombstone.auditAnchor.count} events)\n${sweepTable(sweep)}`;
    }
    case 'sweep':
      return sweepTable(await sweepTenantBySlug(models, required(values, 'slug'), io));
    case 'provision': {
      const appType = required(values, 'app-type');
      if (!APP_TYPES.includes(appType as AppType)) throw new UsageError(`--app-type must be one of ${APP_TYPES.join(', ')}`);
      const { tenant, owner } = await createTenant(
        models,
        {
          slug: required(values, 'slug'),
          name: required(values, 'name'),
          appType: appType as AppType,
          owner: { email: required(values, 'owner-email'), name: required(values, 'owner-name') },
        },
        actor,
      );
      return `provisioned ${tenant.slug} (${tenant.appType}, id ${String(tenant._id)}, ${tenant.paymentStatus}) with owner ${owner.email} (id ${String(owner._id)})`;
    }
    case 'activate':
      return `${required(values, 'slug')}: ${describeChange(await activateTenant(models, required(values, 'slug'), actor))}`;
    case 'deactivate':
      return `${required(values, 'slug')}: ${describeChange(await deactivateTenant(models, required(values, 'slug'), actor))}`;
    case 'set-payment': {
      const status = required(values, 'status');
      if (!PAYMENT_STATUSES.includes(status as PaymentStatus)) throw new UsageError(`--status must be one of ${PAYMENT_STATUSES.join(', ')}`);
      return `${required(values, 'slug')}: ${describeChange(await setPaymentStatus(models, required(values, 'slug'), status as PaymentStatus, actor))}`;
    }
    case 'set-plan': {
      const plan = required(values, 'plan');
      if (!PLANS.includes(plan as Plan)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}`);
      return `${required(values, 'slug')}: ${describeChange(await setPlan(models, required(values, 'slug'), plan as Plan, actor))}`;
    }
    case 'rename':
      return `${required(values, 'slug')}: ${describeChange(await renameTenantBySlug(models, required(values, 'slug'), required(values, 'name'), actor))}`;
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
  }
}
