import mongoose from 'mongoose';
import { seedOwner, tenantScope, type SeedTenant } from '@attunelogic/shared';
import { type ServiceModels } from './models';
import { type WorkOrderPriority, type WorkOrderStatus } from './work-orders/work-orders.model';
import { WORK_ORDER_SEQUENCE, WORK_ORDER_TRANSITIONS } from './work-orders/work-orders.service';
import { advanceSequence } from './counters/counters.service';

interface DemoWorkOrder {
  title: string;
  description: string;
  priority: WorkOrderPriority;
  /** Reached along the main line of the lifecycle, each step recorded. */
  status: WorkOrderStatus;
}

// Numbered 1..n in this order; the number is the seed's key.
const WORK_ORDERS: readonly DemoWorkOrder[] = [
  { title: 'AC unit not cooling', description: 'Rooftop unit 2 blows warm air since Monday.', priority: 'high', status: 'in_progress' },
  { title: 'Annual furnace inspection', description: 'Yearly safety check, basement furnace.', priority: 'normal', status: 'scheduled' },
  { title: 'Leaking kitchen faucet', description: 'Drips under the sink; shut-off valve is stiff.', priority: 'low', status: 'new' },
  { title: 'Water heater replacement', description: '50 gal gas heater, tank corroded at the base.', priority: 'normal', status: 'completed' },
  { title: 'Breaker keeps tripping', description: 'Kitchen circuit trips when the microwave runs.', priority: 'emergency', status: 'dispatched' },
];

const MAIN_LINE: readonly WorkOrderStatus[] = ['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'completed', 'invoiced'];

/** The statuses from `new` to `status` along the main line; each step is one the lifecycle allows. */
function mainLineTo(status: WorkOrderStatus): WorkOrderStatus[] {
  const end = MAIN_LINE.indexOf(status);
  if (end < 0) throw new Error(`seed: ${status} is not on the main line`);
  const path = MAIN_LINE.slice(0, end + 1);
  path.slice(1).forEach((to, i) => {
    if (!WORK_ORDER_TRANSITIONS[path[i]!].includes(to)) throw new Error(`seed: ${path[i]} → ${to} is not allowed`);
  });
  return path;
}

/**
 * Gives every serviceRepair tenant its demo work orders. Keyed by number, so a second run creates
 * nothing and never overwrites what users changed since; the counter is then moved past the seeded
 * numbers so the next created work order does not collide. Returns how many were created.
 */
export async function seedService(models: ServiceModels, tenants: readonly SeedTenant[]): Promise<{ created: number }> {
  // The unique indexes must exist before the first upsert, or a concurrent run could insert twice.
  await Promise.all([models.WorkOrder.init(), models.Counter.init()]);
  let created = 0;
  for (const tenant of tenants.filter((t) => t.appType === 'serviceRepair')) {
    const scope = tenantScope({ tenantId: tenant.id });
    const createdBy = new mongoose.Types.ObjectId(seedOwner(tenant));
    const at = new Date();
    for (const [index, order] of WORK_ORDERS.entries()) {
      const result = await models.WorkOrder.updateOne(
        { ...scope, number: index + 1 },
        {
          $setOnInsert: {
            title: order.title,
            description: order.description,
            priority: order.priority,
            status: order.status,
            heldFrom: null,
            statusHistory: mainLineTo(order.status).map((status) => ({ status, at, by: createdBy })),
            createdBy,
          },
        },
        { upsert: true },
      );
      created += result.upsertedCount;
    }
    await advanceSequence(models.Counter, { tenantId: tenant.id }, WORK_ORDER_SEQUENCE, WORK_ORDERS.length);
  }
  return { created };
}
