import mongoose, { type Model } from 'mongoose';
import { createLogger, seedOwner, type SeedTenant, totalsOf } from '@attunelogic/shared';
import { JPEG, PNG, storeUpload, type Documents } from '@attunelogic/shared/documents';
import { isDuplicateKey } from '@attunelogic/shared/errors';
import { advanceSequence, tenantScope } from '@attunelogic/shared/mongo';
import { searchTokensOf } from './customers/customers.service';
import { bboxOf, validatePolygon, type GeoPoint } from './geo/geo';
import { type ServiceModels } from './models';
import { toStoredPolygon } from './service-areas/service-areas.model';
import { INVOICE_SEQUENCE } from './invoices/invoices.service';
import { QUOTE_SEQUENCE } from './quotes/quotes.service';
import { generateAgreementWorkOrders } from './agreements/agreements.service';
import { generatorContext } from './agreements/generator';
import { type Booking } from './technicians/technicians.model';
import { type WorkingPeriod } from './technicians/working-hours';
import { ASSIGNED_STATUSES, type WorkOrderPriority, type WorkOrderStatus } from './work-orders/work-orders.model';
import { WORK_ORDER_SEQUENCE, WORK_ORDER_TRANSITIONS } from './work-orders/work-orders.service';

const DEMO_AGREEMENT = 'Rooftop units — quarterly maintenance';
const silentLog = createLogger('service-seed', 'silent');
// The demo data of every serviceRepair tenant: a small HVAC/plumbing shop on Chicago's North Side.
// Every record has a natural key (area and location names, the technician's user, SKUs, work order
// numbers, customer names) and is only created when no record has it, so a second run creates nothing
// and never overwrites what users changed since.

const AREAS: readonly { name: string; zipCodes: string[]; polygon?: number[][][] }[] = [
  {
    name: 'Lincoln Park',
    zipCodes: ['60614'],
    polygon: [
      [
        [-87.66, 41.91],
        [-87.62, 41.91],
        [-87.62, 41.94],
        [-87.66, 41.94],
        [-87.66, 41.91],
      ],
    ],
  },
  { name: 'Lakeview', zipCodes: ['60613', '60657'] },
  {
    name: 'North Side',
    zipCodes: [],
    polygon: [
      [
        [-87.7, 41.9],
        [-87.6, 41.9],
        [-87.6, 41.98],
        [-87.7, 41.98],
        [-87.7, 41.9],
      ],
    ],
  },
];

interface DemoLocation {
  label: string;
  line1: string;
  postalCode: string;
  coordinates: GeoPoint;
}

const CUSTOMERS: readonly { name: string; email: string | null; phone: string; notes: string | null; locations: DemoLocation[] }[] = [
  {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+13125550101',
    notes: null,
    locations: [{ label: 'Home', line1: '2001 N Clark St', postalCode: '60614', coordinates: { lat: 41.9214, lng: -87.6336 } }],
  },
  {
    name: 'Grace Hopper',
    email: 'grace@example.com',
    phone: '+17735550102',
    notes: 'Prefers morning appointments.',
    locations: [
      { label: 'Home', line1: '3400 N Sheffield Ave', postalCode: '60657', coordinates: { lat: 41.943, lng: -87.654 } },
      { label: 'Office', line1: '1060 W Addison St', postalCode: '60613', coordinates: { lat: 41.9484, lng: -87.6553 } },
    ],
  },
  {
    name: 'Corner Bistro LLC',
    email: null,
    phone: '+13125550103',
    notes: 'Kitchen access through the alley.',
    locations: [{ label: 'Restaurant', line1: '1800 N Halsted St', postalCode: '60614', coordinates: { lat: 41.914, lng: -87.6487 } }],
  },
];

const ITEMS = [
  { sku: 'CAP-455', name: 'Run capacitor 45/5 µF', unitCostCents: 1_250, reorderPoint: 5 },
  { sku: 'FLT-1625', name: 'Air filter 16x25x1', unitCostCents: 899, reorderPoint: 10 },
  { sku: 'FUSE-10', name: 'Fuse 10 A', unitCostCents: 150, reorderPoint: 20 },
] as const;

type DemoLine = [kind: 'labour' | 'part' | 'fee', description: string, quantity: number, unitPriceCents: number, option: string | null, sku?: string];

/**
 * Quotes by number: a draft, one sent with two options the customer chooses between (valid for 30
 * days from the seed), and one the customer declined. Prices in cents; parts at the item's cost.
 */
const QUOTES: readonly { customer: number; title: string; status: 'draft' | 'sent' | 'declined'; lines: DemoLine[]; declineReason?: string }[] = [
  {
    customer: 0,
    title: 'Annual furnace tune-up',
    status: 'draft',
    lines: [
      ['labour', 'Clean and inspect furnace', 1.5, 9_500, null],
      ['part', 'Air filter 16x25x1 (FLT-1625)', 2, 899, null, 'FLT-1625'],
    ],
  },
  {
    customer: 1,
    title: 'AC not cooling',
    status: 'sent',
    lines: [
      ['fee', 'Diagnostic visit', 1, 8_900, null],
      ['labour', 'Replace run capacitor', 1, 9_500, 'Repair'],
      ['part', 'Run capacitor 45/5 µF (CAP-455)', 1, 1_250, 'Repair', 'CAP-455'],
      ['fee', 'New 3-ton condenser, installed', 1, 420_000, 'Replace'],
    ],
  },
  {
    customer: 2,
    title: 'Water heater replacement',
    status: 'declined',
    lines: [['fee', '50 gal water heater, installed', 1, 185_000, null]],
    declineReason: 'Going with the landlord’s plumber.',
  },
];

/** The demo quotes' tax rate (8.25 %), as a tenant setting billing.taxRateBasisPoints to 825 would price them. */
const DEMO_TAX_RATE_BASIS_POINTS = 825;

const WAREHOUSE = 'Main warehouse';
const VAN = 'Service van 1';
// [sku, location, qty]: FUSE-10 stays below its reorder point, so the low-stock filter has a hit.
const STOCK: readonly [string, string, number][] = [
  ['CAP-455', WAREHOUSE, 24],
  ['CAP-455', VAN, 4],
  ['FLT-1625', WAREHOUSE, 40],
  ['FUSE-10', VAN, 6],
];

const WEEKDAYS_8_TO_5: WorkingPeriod[] = (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).map((weekday) => ({
  weekday,
  start: 8 * 60,
  end: 17 * 60,
}));

interface DemoWorkOrder {
  title: string;
  description: string;
  priority: WorkOrderPriority;
  /** Reached along the main line of the lifecycle, each step recorded. */
  status: WorkOrderStatus;
  customer: number;
  location: number;
  skill: [name: string, minLevel: number];
  /** Slot relative to the seed's time, in hours, for orders a technician has (had). */
  slot?: [startHours: number, hours: number];
  part?: [sku: string, location: string, qty: number];
  /** The office's notes (e.g. why the order was rescheduled). */
  notes?: string;
  /** Why it was cancelled (status cancelled). */
  cancelledBecause?: string;
}

// Numbered 1..n in this order; the number is the seed's key.
const WORK_ORDERS: readonly DemoWorkOrder[] = [
  {
    title: 'AC unit not cooling',
    description: 'Rooftop unit 2 blows warm air since Monday.',
    priority: 'high',
    status: 'in_progress',
    customer: 2,
    location: 0,
    skill: ['hvac', 3],
    slot: [-0.5, 1.5],
  },
  {
    title: 'Annual furnace inspection',
    description: 'Yearly safety check, basement furnace.',
    priority: 'normal',
    status: 'scheduled',
    customer: 1,
    location: 0,
    skill: ['hvac', 2],
  },
  {
    title: 'Leaking kitchen faucet',
    description: 'Drips under the sink; shut-off valve is stiff.',
    priority: 'low',
    status: 'new',
    customer: 0,
    location: 0,
    skill: ['plumbing', 1],
  },
  {
    title: 'Water heater replacement',
    description: '50 gal gas heater, tank corroded at the base.',
    priority: 'normal',
    status: 'completed',
    customer: 1,
    location: 1,
    skill: ['plumbing', 2],
    slot: [-26, 3],
    part: ['CAP-455', VAN, 1],
  },
  {
    title: 'Breaker keeps tripping',
    description: 'Kitchen circuit trips when the microwave runs.',
    priority: 'emergency',
    status: 'dispatched',
    customer: 0,
    location: 0,
    skill: ['electrical', 2],
    slot: [2, 1],
  },
  {
    title: 'Thermostat replacement',
    description: 'Old mercury thermostat in the hallway; customer bought a smart one.',
    priority: 'normal',
    status: 'dispatched',
    customer: 1,
    location: 1,
    skill: ['electrical', 1],
    slot: [26, 1],
    notes: 'Rescheduled from this morning to tomorrow at the customer’s request (office closed).',
  },
  {
    title: 'Garbage disposal jammed',
    description: 'Hums but does not turn.',
    priority: 'low',
    status: 'cancelled',
    customer: 2,
    location: 0,
    skill: ['plumbing', 1],
    cancelledBecause: 'Customer cleared it with the hex key.',
  },
];

const MAIN_LINE: readonly WorkOrderStatus[] = ['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'completed', 'invoiced'];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The statuses from `new` to `status` along the main line; each step is one the lifecycle allows. */
function mainLineTo(status: WorkOrderStatus): WorkOrderStatus[] {
  // Cancelled straight from new: the one step off the main line the demo shows.
  if (status === 'cancelled') return ['new', 'cancelled'];
  const end = MAIN_LINE.indexOf(status);
  if (end < 0) throw new Error(`seed: ${status} is not on the main line`);
  const path = MAIN_LINE.slice(0, end + 1);
  path.slice(1).forEach((to, i) => {
    if (!WORK_ORDER_TRANSITIONS[path[i]!].includes(to)) throw new Error(`seed: ${path[i]} → ${to} is not allowed`);
  });
  return path;
}

type Scope = { parentCompany: mongoose.Types.ObjectId };

/**
 * Creates the document unless one with `key` exists; returns its id and whether it was created.
 * Through `create`, not an upsert: mongoose drops empty arrays from `$setOnInsert`, and documents
 * get their schema defaults. A concurrent run loses on the unique index where there is one.
 */
async function ensure<T>(model: Model<T>, key: Record<string, unknown>, insert: Record<string, unknown>): Promise<{ id: mongoose.Types.ObjectId; created: boolean }> {
  const find = () => model.findOne(key).select({ _id: 1 }).lean<{ _id: mongoose.Types.ObjectId }>();
  const existing = await find();
  if (existing) return { id: existing._id, created: false };
  try {
    const [created] = await model.insertMany([{ ...key, ...insert } as T]);
    return { id: (created as unknown as { _id: mongoose.Types.ObjectId })._id, created: true };
  } catch (error) {
    const winner = isDuplicateKey(error) ? await find() : null;
    if (!winner) throw error;
    return { id: winner._id, created: false };
  }
}

/**
 * Gives every serviceRepair tenant its demo service areas, customers, a technician profile for its
 * technician user, stock and work orders in several states (with the technician's bookings), so every
 * list of the service schema is non-empty. Idempotent; returns how many documents were created.
 */
/** With `documents` (DOCUMENT_LINK_SECRET set), the invoiced demo job also gets its after photo and the customer's signature. */
export async function seedService(
  models: ServiceModels,
  tenants: readonly SeedTenant[],
  now: Date = new Date(),
  documents: Documents | null = null,
): Promise<{ created: number }> {
  // The unique indexes must exist before the first upsert, or a concurrent run could insert twice.
  await Promise.all(Object.values(models).map((model: Model<unknown>) => model.init()));
  let created = 0;
  const count = <R extends { created: boolean }>(result: R): R => {
    if (result.created) created++;
    return result;
  };

  for (const tenant of tenants.filter((t) => t.appType === 'serviceRepair')) {
    const scope: Scope = tenantScope({ tenantId: tenant.id });
    const createdBy = new mongoose.Types.ObjectId(seedOwner(tenant));

    const areaIds: mongoose.Types.ObjectId[] = [];
    for (const area of AREAS) {
      const polygon = area.polygon ? validatePolygon(area.polygon) : null;
      const { id } = count(
        await ensure(
          models.ServiceArea,
          { ...scope, name: area.name },
          {
            zipCodes: area.zipCodes,
            polygon: polygon ? toStoredPolygon(polygon) : null,
            bbox: polygon ? bboxOf(polygon.coordinates) : null,
            createdBy,
          },
        ),
      );
      areaIds.push(id);
    }

    const customers: { id: mongoose.Types.ObjectId; locations: { _id: mongoose.Types.ObjectId; coordinates: GeoPoint }[] }[] = [];
    for (const customer of CUSTOMERS) {
      const locations = customer.locations.map((l) => ({
        _id: new mongoose.Types.ObjectId(),
        label: l.label,
        address: { line1: l.line1, line2: null, city: 'Chicago', region: 'IL', postalCode: l.postalCode, country: 'US' },
        coordinates: l.coordinates,
      }));
      const { id } = count(
        await ensure(
          models.Customer,
          { ...scope, name: customer.name },
          {
            email: customer.email,
            phone: customer.phone,
            notes: customer.notes,
            locations,
            searchTokens: searchTokensOf(customer),
            createdBy,
          },
        ),
      );
      const stored = await models.Customer.findOne({ ...scope, _id: id })
        .select({ locations: 1 })
        .lean();
      customers.push({ id, locations: (stored?.locations ?? []).map((l) => ({ _id: l._id, coordinates: l.coordinates ?? { lat: 0, lng: 0 } })) });
    }

    const techUser = tenant.users.find((user) => user.roles.includes('technician'));
    const technician = techUser
      ? count(
          await ensure(
            models.Technician,
            { ...scope, userId: new mongoose.Types.ObjectId(techUser.id) },
            {
              active: true,
              skills: [
                { name: 'hvac', level: 4 },
                { name: 'plumbing', level: 3 },
                { name: 'electrical', level: 2 },
              ],
              serviceAreaIds: areaIds,
              workingHours: WEEKDAYS_8_TO_5,
              timeZone: 'America/Chicago',
              timeOff: [],
              homeBase: { lat: 41.95, lng: -87.65 },
              bookings: [],
              scheduleVersion: 0,
              createdBy,
            },
          ),
        )
      : null;

    const itemIds = new Map<string, mongoose.Types.ObjectId>();
    for (const item of ITEMS) {
      itemIds.set(
        item.sku,
        count(
          await ensure(
            models.InventoryItem,
            { ...scope, sku: item.sku },
            { name: item.name, unitCostCents: item.unitCostCents, reorderPoint: item.reorderPoint, createdBy },
          ),
        ).id,
      );
    }
    const locationIds = new Map<string, mongoose.Types.ObjectId>();
    locationIds.set(WAREHOUSE, count(await ensure(models.InventoryLocation, { ...scope, name: WAREHOUSE }, { kind: 'warehouse', technicianId: null, createdBy })).id);
    if (technician) {
      locationIds.set(VAN, count(await ensure(models.InventoryLocation, { ...scope, name: VAN }, { kind: 'van', technicianId: technician.id, createdBy })).id);
    }
    for (const [sku, location, qty] of STOCK) {
      const locationId = locationIds.get(location);
      if (locationId) count(await ensure(models.Stock, { ...scope, itemId: itemIds.get(sku)!, locationId }, { qty }));
    }

    const bookings: Booking[] = [];
    for (const [index, order] of WORK_ORDERS.entries()) {
      const customer = customers[order.customer]!;
      const location = customer.locations[order.location]!;
      const assigned = technician && order.slot ? technician.id : null;
      const schedule =
        assigned && order.slot
          ? { start: new Date(now.getTime() + order.slot[0] * HOUR_MS), end: new Date(now.getTime() + (order.slot[0] + order.slot[1]) * HOUR_MS) }
          : null;
      const status = order.slot && !assigned ? 'scheduled' : order.status; // no technician user: nobody to dispatch to
      const partLocation = order.part ? locationIds.get(order.part[1]) : undefined;
      const part =
        order.part && partLocation && assigned
          ? [
              {
                _id: new mongoose.Types.ObjectId(),
                itemId: itemIds.get(order.part[0])!,
                locationId: partLocation,
                qty: order.part[2],
                unitCostCents: ITEMS.find((i) => i.sku === order.part![0])!.unitCostCents,
                consumedAt: schedule!.end,
                consumedBy: new mongoose.Types.ObjectId(techUser!.id),
              },
            ]
          : [];
      const key = { ...scope, number: index + 1 };
      const result = count(
        await ensure(models.WorkOrder, key, {
          title: order.title,
          description: order.description,
          priority: order.priority,
          status,
          heldFrom: null,
          statusHistory: mainLineTo(status).map((step) => ({ status: step, at: now, by: createdBy })),
          customerId: customer.id,
          locationId: location._id,
          requiredSkills: [{ name: order.skill[0], minLevel: order.skill[1] }],
          requestedWindow: schedule,
          estimatedMinutes: order.slot ? order.slot[1] * 60 : 60,
          technicianId: assigned,
          schedule,
          parts: part,
          notes: order.notes ?? null,
          cancellation: order.cancelledBecause ? { reason: order.cancelledBecause, at: now, by: createdBy } : null,
          // Completed work carries its warranty and its follow-up due, as the demo tenants' defaults
          // (maintenance.warrantyDays 90, followUpDays 30) give them: it shows among the follow-ups due.
          ...(status === 'completed' ? { warrantyUntil: new Date(now.getTime() + 90 * DAY_MS), followUpDueAt: new Date(now.getTime() + 30 * DAY_MS) } : {}),
          createdBy,
        }),
      );
      // Work orders seeded before customers existed get theirs, once.
      await models.WorkOrder.updateOne({ ...key, customerId: null }, { $set: { customerId: customer.id, locationId: location._id } });
      if (result.created && assigned && schedule && ASSIGNED_STATUSES.includes(status)) {
        bookings.push({
          workOrderId: result.id,
          workOrderNumber: index + 1,
          priority: order.priority,
          start: schedule.start,
          end: schedule.end,
          point: location.coordinates,
          bookedAt: now,
        });
      }
    }
    // The technician's schedule, written once: only while it has never changed.
    if (technician && bookings.length > 0) {
      await models.Technician.updateOne({ ...scope, _id: technician.id, scheduleVersion: 0 }, { $set: { bookings }, $inc: { scheduleVersion: 1 } });
    }
    await advanceSequence(models.Counter, { tenantId: tenant.id }, WORK_ORDER_SEQUENCE, WORK_ORDERS.length);

    for (const [index, quote] of QUOTES.entries()) {
      const customer = customers[quote.customer]!;
      const sent = quote.status !== 'draft';
      count(
        await ensure(
          models.Quote,
          { ...scope, number: index + 1 },
          {
            customerId: customer.id,
            locationId: customer.locations[0]!._id,
            title: quote.title,
            notes: null,
            status: quote.status,
            currency: 'USD',
            taxRateBasisPoints: DEMO_TAX_RATE_BASIS_POINTS,
            lines: quote.lines.map(([kind, description, quantity, unitPriceCents, option, sku]) => ({
              kind,
              description,
              quantity,
              unitPriceCents,
              taxable: kind !== 'labour',
              itemId: sku ? itemIds.get(sku)! : null,
              option,
            })),
            sentAt: sent ? now : null,
            validUntil: sent ? new Date(now.getTime() + 30 * 24 * HOUR_MS) : null,
            decidedAt: quote.status === 'declined' ? now : null,
            decidedBy: null,
            declineReason: quote.declineReason ?? null,
            createdBy,
          },
        ),
      );
    }
    await advanceSequence(models.Counter, { tenantId: tenant.id }, QUOTE_SEQUENCE, QUOTES.length);

    // The completed work order is invoiced: 3 hours and its capacitor, issued, paid in part and a little refunded.
    const completed = WORK_ORDERS.findIndex((order) => order.status === 'completed');
    const billed = await models.WorkOrder.findOne({ ...scope, number: completed + 1 }).lean();
    if (billed && billed.customerId && billed.locationId && (billed.status === 'completed' || billed.invoiceId)) {
      const lines = [
        {
          kind: 'labour' as const,
          description: `Labour on work order #${billed.number} (3 h recorded)`,
          quantity: 3,
          unitPriceCents: 9_500,
          taxable: false,
          itemId: null,
        },
        ...(billed.parts ?? []).map((p) => ({
          kind: 'part' as const,
          description: 'Run capacitor 45/5 µF (CAP-455)',
          quantity: p.qty,
          unitPriceCents: p.unitCostCents,
          taxable: true,
          itemId: p.itemId,
        })),
      ];
      const totals = totalsOf(lines, DEMO_TAX_RATE_BASIS_POINTS);
      const invoice = count(
        await ensure(
          models.Invoice,
          { ...scope, number: 1 },
          {
            workOrderId: billed._id,
            customerId: billed.customerId,
            locationId: billed.locationId,
            status: 'partially_paid',
            currency: 'USD',
            taxRateBasisPoints: DEMO_TAX_RATE_BASIS_POINTS,
            lines,
            ...totals,
            // A 100.00 deposit, 15.00 of it given back as goodwill (the technician arrived late): 85.00 paid.
            paidCents: 8_500,
            payments: [{ amountCents: 10_000, method: 'card', reference: 'Deposit', receivedAt: now, recordedBy: createdBy }],
            refunds: [{ amountCents: 1_500, method: 'card', reason: 'Goodwill: the technician arrived late.', reference: null, refundedAt: now, recordedBy: createdBy }],
            refundedCents: 1_500,
            issuedAt: now,
            createdBy,
          },
        ),
      );
      await models.WorkOrder.updateOne(
        { ...scope, _id: billed._id, status: 'completed', invoiceId: null },
        { $set: { status: 'invoiced', invoiceId: invoice.id }, $push: { statusHistory: { status: 'invoiced', at: now, by: createdBy } } },
      );
      await advanceSequence(models.Counter, { tenantId: tenant.id }, INVOICE_SEQUENCE, 1);
    }

    // The invoiced job's photo of the replaced capacitor and the customer's signature: stored once, then found by their records.
    if (documents && billed && !(await models.Attachment.exists({ ...scope, workOrder: billed._id }))) {
      for (const [kind, bytes, name] of [
        ['photo', JPEG, 'Capacitor replaced'],
        ['signature', PNG, 'Customer signature'],
      ] as const) {
        const upload = await storeUpload(documents, { tenantId: tenant.id }, bytes);
        count(
          await ensure(
            models.Attachment,
            { ...scope, upload: upload.id },
            {
              kind,
              workOrder: billed._id,
              checklistItem: null,
              name,
              contentType: upload.contentType,
              size: upload.size,
              sha256: upload.sha256,
              retiredAt: null,
              retiredReason: null,
              createdBy,
            },
          ),
        );
      }
    }

    // The checklist of the agreement's job type: what the technician ticks off on every visit.
    count(
      await ensure(
        models.ChecklistTemplate,
        { ...scope, jobType: 'hvac-maintenance' },
        {
          name: 'HVAC maintenance visit',
          items: [
            { _id: new mongoose.Types.ObjectId(), label: 'Replace the filter', required: true },
            { _id: new mongoose.Types.ObjectId(), label: 'Check refrigerant pressure', required: true },
            { _id: new mongoose.Types.ObjectId(), label: 'Clean the condenser coil', required: false },
          ],
          retiredAt: null,
          createdBy,
        },
      ),
    );

    // A quarterly maintenance agreement for the first customer, its first visit a week out, and its
    // work orders of the next 60 days generated as the daily command would.
    const first = customers[0]!;
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7, 14));
    const agreement = count(
      await ensure(
        models.ServiceAgreement,
        { ...scope, name: DEMO_AGREEMENT },
        {
          customerId: first.id,
          locationId: first.locations[0]!._id,
          template: {
            title: 'Quarterly HVAC maintenance',
            description: 'Filter change, coil clean, refrigerant check.',
            priority: 'normal',
            jobType: 'hvac-maintenance',
            estimatedMinutes: 90,
            windowHours: 8,
            requiredSkills: [{ name: 'hvac', minLevel: 2 }],
            lines: [{ _id: new mongoose.Types.ObjectId(), description: 'Quarterly maintenance visit', quantity: 1, unitPriceCents: 14_900 }],
          },
          rrule: 'FREQ=MONTHLY;INTERVAL=3',
          startsAt: start,
          endsAt: null,
          retiredAt: null,
          generatedThrough: null,
          createdBy,
        },
      ),
    );
    const stored = await models.ServiceAgreement.findOne({ ...scope, _id: agreement.id }).lean();
    if (stored && !stored.retiredAt) {
      const ctx = generatorContext(
        { models, clock: { now: () => now }, log: silentLog },
        { tenantId: tenant.id, slug: tenant.slug, appType: 'serviceRepair', userId: createdBy.toHexString(), roles: ['owner'], flags: {}, requestId: 'seed' },
      );
      created += (await generateAgreementWorkOrders(ctx, stored)).created;
    }
  }
  return { created };
}
