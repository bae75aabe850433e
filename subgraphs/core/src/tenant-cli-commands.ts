// The operator's commands of `pnpm tenant` (tenant-cli.ts is the process around them): changes to a
// tenant, each written to the tenant's audit log like a change through the API, and its portability.
import { APP_TYPES, type AppType } from '@attunelogic/shared';
import { type CoreModels } from './models';
import { PAYMENT_STATUSES, type PaymentStatus } from './tenants/tenants.model';
import { PLACEMENT_MODES, PLANS, type Plan } from '@attunelogic/shared/tenancy';
import { eraseTenantBySlug, exportTenantToFile, importTenantFromFile, sweepTable, sweepTenantBySlug, type PortabilityIo } from './portability/portability.service';
import { describeTarget, moveTenant, resumeMove, rollbackMove, type MoveDeployment, type MoveProgress } from './tenants/placement-move';
import { activateTenant, createTenant, deactivateTenant, renameTenantBySlug, setPaymentStatus, setPlan, type TenantChange } from './tenants/tenants.service';

export const USAGE = `usage: pnpm tenant <command> [options]

  provision   --slug <slug> --name <name> --app-type <${APP_TYPES.join('|')}> --owner-email <email> --owner-name <name>
              [--plan <${PLANS.join('|')}>] [--placement <${PLACEMENT_MODES.join('|')}>]   (default: the plan's; enterprise is dedicated)
  activate    --slug <slug>
  deactivate  --slug <slug>
  set-payment --slug <slug> --status <${PAYMENT_STATUSES.join('|')}>
  rename      --slug <slug> --name <name>
  set-plan    --slug <slug> --plan <${PLANS.join('|')}>
  move        <slug> --to <${PLACEMENT_MODES.join('|')}> [--uri <mongodb://…>]   moves the tenant's data online
  move        <slug> --resume | --rollback                           finishes (or, before its switch, undoes) a move cut short
              [--batch-size <n>] [--pause-ms <ms>] [--cache-ttl-ms <ms>]   batches of n (500), a pause after each, the gateways' cache

  export <slug> --out <file.tar.gz>     every document and file of the tenant, with a manifest (docs/PORTABILITY.md)
  import <slug> --from <file.tar.gz>    an archive into the empty tenant <slug>, verified against its manifest
  erase  <slug> --confirm <slug>        erases a deactivated tenant (a tombstone stays), then sweeps
  sweep  <slug>                         counts what of the tenant remains, everywhere (0 after an erasure)

A move holds the tenant's writes (503 with Retry-After at the gateway) while it copies, verifies and
switches, waiting TENANT_CACHE_TTL_MS (or --cache-ttl-ms) after the hold and after the switch so every
gateway instance has seen them; reads continue.

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
  placement: { type: 'string' },
  to: { type: 'string' },
  uri: { type: 'string' },
  resume: { type: 'boolean' },
  rollback: { type: 'boolean' },
  'cache-ttl-ms': { type: 'string' },
  'batch-size': { type: 'string' },
  'pause-ms': { type: 'string' },
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

function optionalChoice<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}`);
  return value as T;
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`--${name} must be a whole number`);
  return parsed;
}

/** What `move` needs beyond the models: the deployment's databases and how long gateways cache a record. */
export interface MoveCommandDeps {
  deployment: MoveDeployment;
  /** The gateways' TENANT_CACHE_TTL_MS (unless --cache-ttl-ms says otherwise). */
  cacheTtlMs: number;
  progress?: MoveProgress;
}

async function runMoveCommand(models: CoreModels, values: Record<string, unknown>, slug: string, actor: string, deps: MoveCommandDeps): Promise<string> {
  const options = {
    actor,
    cacheTtlMs: positiveInteger(values['cache-ttl-ms'], 'cache-ttl-ms', deps.cacheTtlMs),
    batchSize: Math.max(1, positiveInteger(values['batch-size'], 'batch-size', 500)),
    pauseMs: positiveInteger(values['pause-ms'], 'pause-ms', 0),
    ...(deps.progress ? { progress: deps.progress } : {}),
  };
  let placement;
  if (values['resume']) placement = await resumeMove(models, deps.deployment, slug, options);
  else if (values['rollback']) placement = await rollbackMove(models, deps.deployment, slug, options);
  else {
    const mode = optionalChoice(values, 'to', PLACEMENT_MODES);
    if (!mode) throw new UsageError('--to (or --resume, or --rollback) is required');
    const uri = values['uri'];
    if (uri !== undefined && (mode !== 'dedicated' || typeof uri !== 'string' || !/^mongodb(\+srv)?:\/\//.test(uri)))
      throw new UsageError('--uri is a mongodb:// URI, for --to dedicated only');
    placement = await moveTenant(models, deps.deployment, slug, { mode, ...(typeof uri === 'string' ? { uri } : {}) }, options);
  }
  return `${slug}: ${describeTarget(placement)} (placement version ${placement.version})`;
}

/** Runs one operator command against the core and audit databases; returns what it did (one line, or the sweep's table). */
export async function runTenantCommand(
  models: CoreModels,
  command: string | undefined,
  values: Record<string, unknown>,
  actor: string,
  io: PortabilityIo = { storage: null },
  moveDeps?: MoveCommandDeps,
): Promise<string> {
  switch (command) {
    case 'move': {
      const slug = values['slug'];
      if (typeof slug !== 'string' || !slug) throw new UsageError('move needs the tenant: pnpm tenant move <slug> --to <mode>');
      if (!moveDeps) throw new UsageError('move needs the deployment (MONGODB_URI, MONGODB_DB_PREFIX)');
      return runMoveCommand(models, values, slug, actor, moveDeps);
    }
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
      const plan = optionalChoice(values, 'plan', PLANS);
      const placement = optionalChoice(values, 'placement', PLACEMENT_MODES);
      const { tenant, owner } = await createTenant(
        models,
        {
          slug: required(values, 'slug'),
          name: required(values, 'name'),
          appType: appType as AppType,
          owner: { email: required(values, 'owner-email'), name: required(values, 'owner-name') },
          ...(plan ? { plan } : {}),
          ...(placement ? { placement } : {}),
        },
        actor,
      );
      return `provisioned ${tenant.slug} (${tenant.appType}, id ${String(tenant._id)}, ${tenant.paymentStatus}, ${tenant.plan}, ${tenant.placement.mode}) with owner ${owner.email} (id ${String(owner._id)})`;
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
