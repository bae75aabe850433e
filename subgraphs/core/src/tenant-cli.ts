// `pnpm --filter @attunelogic/subgraph-core tenant <command>` (what `pnpm tenant` runs): the
// operator's changes to a tenant, each written to the tenant's audit log like a change through the API.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { APP_TYPES, type AppType } from '@attunelogic/shared';
import { DomainError } from '@attunelogic/shared/errors';
import { openCommandDatabases } from '@attunelogic/shared/dev';
import { createCoreModels, type CoreModels } from './models';
import { PAYMENT_STATUSES, type PaymentStatus } from './tenants/tenants.model';
import { PLANS, type Plan } from '@attunelogic/shared/tenancy';
import { activateTenant, createTenant, deactivateTenant, renameTenantBySlug, setPaymentStatus, setPlan, type TenantChange } from './tenants/tenants.service';

const USAGE = `usage: pnpm tenant <command> [options]

  provision   --slug <slug> --name <name> --app-type <${APP_TYPES.join('|')}> --owner-email <email> --owner-name <name>
  activate    --slug <slug>
  deactivate  --slug <slug>
  set-payment --slug <slug> --status <${PAYMENT_STATUSES.join('|')}>
  rename      --slug <slug> --name <name>
  set-plan    --slug <slug> --plan <${PLANS.join('|')}>

Every change is written to the tenant's audit log as operator:<login> (or --actor <name>).
The gateway applies activation, deactivation, payment and plan changes within TENANT_CACHE_TTL_MS.`;

const OPTIONS = {
  slug: { type: 'string' },
  name: { type: 'string' },
  'app-type': { type: 'string' },
  'owner-email': { type: 'string' },
  'owner-name': { type: 'string' },
  status: { type: 'string' },
  plan: { type: 'string' },
  actor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

const describeChange = ({ before, after }: TenantChange): string => {
  const fields = (['name', 'active', 'paymentStatus', 'plan'] as const).filter((field) => before[field] !== after[field]);
  return fields.length ? fields.map((field) => `${field} ${String(before[field])} → ${String(after[field])}`).join(', ') : 'no change (already so)';
};

/** Runs one operator command against the core and audit databases; returns what it did, in one line. */
export async function runTenantCommand(models: CoreModels, command: string | undefined, values: Record<string, unknown>, actor: string): Promise<string> {
  switch (command) {
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

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // No label: the one line about a missing database is what `pnpm tenant` says.
  const databases = await openCommandDatabases('', ['core', 'audit']);
  let exitCode = 0;
  try {
    const models = createCoreModels(databases.core, { auditConnection: databases.audit });
    console.log(await runTenantCommand(models, positionals[0], values, values.actor ?? `operator:${userInfo().username}`));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      exitCode = 2;
    } else if (error instanceof DomainError) {
      const issues = (error.details?.['issues'] ?? []) as { path: string; message: string }[];
      console.error([`${error.code}: ${error.message}`, ...issues.map((issue) => `  - ${issue.path || '(input)'}: ${issue.message}`)].join('\n'));
      exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    await databases.close();
  }
  process.exitCode = exitCode;
}

await main();
