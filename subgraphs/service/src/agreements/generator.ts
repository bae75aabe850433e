import mongoose from 'mongoose';
import {
  appendAuditEvent,
  AuditTrail,
  createAuditModels,
  Deadline,
  effectiveFlags,
  effectiveSettings,
  requestWork,
  TenantLoaders,
  WorkLimiter,
  type Clock,
  type Lean,
  type Logger,
  type TenantContext,
} from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type Connection } from 'mongoose';
import { type ServiceContext, type ServiceModels } from '../models';
import { WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';
import { type ServiceAgreementDocument } from './agreements.model';
import { generateAgreementWorkOrders } from './agreements.service';

// The periodic half of generation (the other half runs when an agreement is created or edited): a
// command, `pnpm --filter @attunelogic/subgraph-service generate-agreements`, run by the operator's
// scheduler (cron, a Kubernetes CronJob) once a day. With a 60-day horizon a missed day costs
// nothing, and two runs at once create every occurrence once (the claims' primary key), so the
// command needs no lease of its own.

/** How many agreements one read of the scan takes. */
const PAGE = 100;
/** One generation's time limit per agreement (the request deadline the service functions expect). */
const AGREEMENT_DEADLINE_MS = 30_000;

export interface GeneratorDeps {
  models: ServiceModels;
  clock: Clock;
  log: Logger;
  /** Where the run's audit event is written (the service database in production). */
  auditConnection?: Connection;
}

/** A tenant as the generator acts for it: its flags and settings from the directory, as the gateway would sign them. */
export interface GeneratorTenant {
  id: string;
  slug: string;
  metadata?: unknown;
}

/** The context the generator runs an agreement in: the tenant's, acting as the agreement's author. */
export function generatorContext(deps: GeneratorDeps, tenant: TenantContext): ServiceContext {
  return {
    tenant,
    loaders: new TenantLoaders(tenant),
    log: deps.log,
    models: deps.models,
    audit: new AuditTrail(),
    clock: deps.clock,
    work: requestWork(new WorkLimiter(), tenant.tenantId, Deadline.in(AGREEMENT_DEADLINE_MS)),
  };
}

export interface TenantRun {
  agreements: number;
  created: number;
  refused: number;
}

/**
 * Generates the horizon of every agreement in force of one tenant, a page of agreements at a time.
 * A tenant with work orders switched off is left alone. One audit event records the run's counts.
 */
export async function generateForTenant(deps: GeneratorDeps, tenant: GeneratorTenant): Promise<TenantRun> {
  const run: TenantRun = { agreements: 0, created: 0, refused: 0 };
  const flags = effectiveFlags('serviceRepair', tenant.metadata ?? {});
  if (flags[WORK_ORDERS_FEATURE as keyof typeof flags] === false) return run;
  const settings = effectiveSettings('serviceRepair', tenant.metadata ?? {});
  const requestId = `generate-agreements-${new mongoose.Types.ObjectId().toHexString()}`;
  const scope = tenantScope({ tenantId: tenant.id });
  let after: mongoose.Types.ObjectId | null = null;
  for (;;) {
    const page: Lean<ServiceAgreementDocument>[] = await deps.models.ServiceAgreement.find({
      ...scope,
      retiredAt: null,
      ...(after && { _id: mongoose.trusted({ $gt: after }) }),
    })
      .sort({ _id: 1 })
      .limit(PAGE)
      .lean<Lean<ServiceAgreementDocument>[]>();
    for (const agreement of page) {
      const ctx = generatorContext(deps, {
        tenantId: tenant.id,
        slug: tenant.slug,
        appType: 'serviceRepair',
        userId: agreement.createdBy.toHexString(),
        roles: ['owner'],
        flags,
        settings,
        requestId,
      });
      const result = await generateAgreementWorkOrders(ctx, agreement);
      run.agreements += 1;
      run.created += result.created;
      run.refused += result.refused;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!._id;
  }
  if (run.created > 0 || run.refused > 0) {
    await appendAuditEvent(createAuditModels(deps.auditConnection ?? deps.models.ServiceAgreement.db), tenant.id, {
      at: deps.clock.now(),
      actor: 'system:generate-agreements',
      subgraph: 'service',
      operation: 'generateAgreementWorkOrders',
      targetType: 'ServiceAgreement',
      targetId: null,
      outcome: 'success',
      errorCode: null,
      diff: { workOrdersCreated: { from: 0, to: run.created }, occurrencesRefused: { from: 0, to: run.refused } },
      requestId,
    });
  }
  return run;
}
