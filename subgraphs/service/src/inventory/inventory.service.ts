import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, singleLine, type Connection, type ConnectionArgs, type Lean, type TenantContext } from '@attunelogic/shared';
import { badInput, conflict, isDuplicateKey } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, setRetiredByDate, unchangedSince, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { type ServiceContext, type ServiceModels } from '../models';
import { allowNegativeStockFor, lowStockThresholdFor } from '../settings';
import { type WorkOrderDocument, type WorkOrderPart } from '../work-orders/work-orders.model';
import { requireOwnWorkOrderForTechnician } from '../work-orders/work-orders.service';
import { noteStockLevel } from './low-stock';
import { INVENTORY_LOCATION_KINDS, type InventoryItemDocument, type InventoryLocationDocument, type StockDocument } from './inventory.model';

const FEATURE = 'inventoryTracking';
type Tenant = Pick<TenantContext, 'tenantId'>;
type Stock = Lean<StockDocument>;

const objectId = (field: string) => z.string().transform((value) => parseId(value, field));
const quantity = z.number().int().min(1).max(1_000_000);

const sku = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,39}$/, '1 to 40 characters: letters, digits, . _ -.');
const unitCostCents = z.number().int().min(0).max(100_000_000);
const reorderPoint = z.number().int().min(0).max(1_000_000);

const createItemInput = z.object({
  sku,
  name: singleLine(200),
  unitCostCents,
  unitPriceCents: unitCostCents.nullish(),
  reorderPoint: reorderPoint.nullish(),
});

const updateItemInput = z
  .object({
    sku: sku.optional(),
    name: singleLine(200).optional(),
    unitCostCents: unitCostCents.optional(),
    unitPriceCents: unitCostCents.nullable().optional(),
    reorderPoint: reorderPoint.optional(),
  })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'Give at least one field to change.');

const createLocationInput = z
  .object({ name: singleLine(100), kind: z.enum(INVENTORY_LOCATION_KINDS), technicianId: objectId('technicianId').nullish() })
  .refine((input) => (input.kind === 'van') === Boolean(input.technicianId), {
    message: 'A van belongs to a technician (technicianId); a warehouse to none.',
    path: ['technicianId'],
  });

const adjustInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receive'), itemId: objectId('itemId'), locationId: objectId('locationId'), qty: quantity, note: z.string().max(500).nullish() }),
  z.object({
    kind: z.literal('count'),
    itemId: objectId('itemId'),
    locationId: objectId('locationId'),
    qty: z.number().int().min(0).max(1_000_000),
    note: z.string().max(500).nullish(),
  }),
  z
    .object({
      kind: z.literal('transfer'),
      itemId: objectId('itemId'),
      fromLocationId: objectId('fromLocationId'),
      toLocationId: objectId('toLocationId'),
      qty: quantity,
      note: z.string().max(500).nullish(),
    })
    .refine((input) => !input.fromLocationId.equals(input.toLocationId), 'A transfer goes between two different locations.'),
]);

const itemFilter = z.object({ lowStock: z.boolean().nullish(), search: singleLine(50).nullish(), includeRetired: z.boolean().nullish() }).nullish();
const locationFilter = z.object({ kind: z.enum(INVENTORY_LOCATION_KINDS).nullish(), technicianId: objectId('technicianId').nullish() }).nullish();

export type InventoryItemFilter = z.input<typeof itemFilter>;
export type InventoryLocationFilter = z.input<typeof locationFilter>;

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The items at or below their reorder point, over all locations: one aggregation of the stock (one
 * accumulator, docs/DATABASE.md) and one query of the items' reorder points. Items without stock
 * records hold 0.
 */
export async function lowStockItemIds(
  models: Pick<ServiceModels, 'Stock' | 'InventoryItem'>,
  tenant: Tenant & Pick<TenantContext, 'settings'>,
): Promise<mongoose.Types.ObjectId[]> {
  const scope = tenantScope(tenant);
  const [totals, items] = await Promise.all([
    models.Stock.aggregate<{ _id: mongoose.Types.ObjectId; qty: number }>([{ $match: scope }, { $group: { _id: '$itemId', qty: { $sum: '$qty' } } }]),
    models.InventoryItem.find(scope).select({ reorderPoint: 1 }).lean(),
  ]);
  const onHand = new Map(totals.map((total) => [String(total._id), total.qty]));
  return items.filter((item) => (onHand.get(item._id.toHexString()) ?? 0) <= reorderPointOf(item, tenant)).map((item) => item._id);
}

/** The point at or below which an item is low: its own reorder point, or for an item without one (0) the tenant's inventory.lowStockThreshold. */
export function reorderPointOf(item: Pick<InventoryItemDocument, 'reorderPoint'>, tenant: Pick<TenantContext, 'settings'>): number {
  return item.reorderPoint > 0 ? item.reorderPoint : lowStockThresholdFor(tenant);
}

/** The tenant's items, newest first; low stock and a SKU/name prefix as filters. */
export async function listInventoryItems(ctx: ServiceContext, args: ConnectionArgs & { filter?: InventoryItemFilter }): Promise<Connection<Lean<InventoryItemDocument>>> {
  requireAccess(ctx, FEATURE, 'inventory:read');
  const filter = itemFilter.parse(args.filter);
  const and: Record<string, unknown>[] = [];
  if (filter?.lowStock != null) {
    const low = await lowStockItemIds(ctx.models, ctx.tenant);
    and.push({ _id: mongoose.trusted(filter.lowStock ? { $in: low } : { $nin: low }) });
  }
  if (filter?.search) {
    const prefix = `^${escapeRegex(filter.search)}`;
    and.push({
      $or: [{ sku: mongoose.trusted({ $regex: `^${escapeRegex(filter.search.toUpperCase())}` }) }, { name: mongoose.trusted({ $regex: prefix, $options: 'i' }) }],
    });
  }
  if (!filter?.includeRetired) and.push({ retiredAt: null });
  // Under $and: paginate sets its own `_id` for the cursor, which must not replace the filter's.
  return paginate(ctx.models.InventoryItem, ctx.tenant, and.length ? { $and: and } : {}, args);
}

/** One of the tenant's items; `NOT_FOUND` when missing or another tenant's. */
export async function getInventoryItem(ctx: ServiceContext, id: unknown): Promise<Lean<InventoryItemDocument>> {
  requireAccess(ctx, FEATURE, 'inventory:read');
  return loadItem(ctx, parseId(id));
}

const loadItem = (ctx: ServiceContext, id: mongoose.Types.ObjectId): Promise<Lean<InventoryItemDocument>> =>
  loadOwned(ctx, ctx.models.InventoryItem, id, 'InventoryItem');

const loadLocation = (ctx: ServiceContext, id: mongoose.Types.ObjectId): Promise<Lean<InventoryLocationDocument>> =>
  loadOwned(ctx, ctx.models.InventoryLocation, id, 'InventoryLocation');

/** The tenant's stock locations, newest first. */
export async function listInventoryLocations(
  ctx: ServiceContext,
  args: ConnectionArgs & { filter?: InventoryLocationFilter },
): Promise<Connection<Lean<InventoryLocationDocument>>> {
  requireAccess(ctx, FEATURE, 'inventory:read');
  const filter = locationFilter.parse(args.filter);
  return paginate(
    ctx.models.InventoryLocation,
    ctx.tenant,
    { ...(filter?.kind && { kind: filter.kind }), ...(filter?.technicianId && { technicianId: filter.technicianId }) },
    args,
  );
}

/** Creates an item; a SKU in use is `CONFLICT`. */
export async function createInventoryItem(ctx: ServiceContext, raw: unknown): Promise<Lean<InventoryItemDocument>> {
  requireAccess(ctx, FEATURE, 'inventory:write');
  const input = createItemInput.parse(raw);
  return createOwned(
    ctx,
    ctx.models.InventoryItem,
    { sku: input.sku, name: input.name, unitCostCents: input.unitCostCents, unitPriceCents: input.unitPriceCents ?? null, reorderPoint: input.reorderPoint ?? 0 },
    { what: 'InventoryItem', duplicate: duplicateSku(input.sku) },
  );
}

const duplicateSku = (value: string) => () => conflict(`The tenant already has an item with SKU ${value}.`, { field: 'sku' });

/**
 * Changes an item's SKU, name, unit cost, sale price (null: at cost) or reorder point. Parts already used keep the unit cost they
 * were taken at; a SKU in use is `CONFLICT`; a retired item is kept as it was (`CONFLICT`).
 */
export async function updateInventoryItem(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Lean<InventoryItemDocument>> {
  requireAccess(ctx, FEATURE, 'inventory:write');
  const _id = parseId(id);
  const input = updateItemInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.InventoryItem, _id, 'InventoryItem');
  if (before.retiredAt) throw conflict(`Item ${before.sku} is retired; reactivate it to change it.`);
  const set = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  return updateOwned(
    ctx,
    ctx.models.InventoryItem,
    before,
    { $set: set },
    {
      what: 'InventoryItem',
      ...unchangedSince(before, 'The item'),
      duplicate: duplicateSku(input.sku ?? before.sku),
    },
  );
}

/**
 * Retires an item (or reactivates it): kept for the parts and stock that name it, hidden from
 * inventoryItems by default, and no longer received (adjustInventory receive is `CONFLICT`). Stock on
 * hand may still be counted, transferred and used up. Its SKU stays taken.
 */
export async function setInventoryItemRetired(ctx: ServiceContext, id: unknown, retire: boolean): Promise<Lean<InventoryItemDocument>> {
  requireAccess(ctx, FEATURE, 'inventory:write');
  return setRetiredByDate(ctx, ctx.models.InventoryItem, id, retire, { what: 'InventoryItem', now: ctx.clock.now(), label: (item) => `Item ${item.sku}` });
}

/** Creates a warehouse or a technician's van; a name in use is `CONFLICT`. */
export async function createInventoryLocation(ctx: ServiceContext, raw: unknown): Promise<Lean<InventoryLocationDocument>> {
  requireAccess(ctx, FEATURE, 'inventory:write');
  const input = createLocationInput.parse(raw);
  if (input.technicianId) await loadOwned(ctx, ctx.models.Technician, input.technicianId, 'Technician');
  return createOwned(
    ctx,
    ctx.models.InventoryLocation,
    { name: input.name, kind: input.kind, technicianId: input.technicianId ?? null },
    { what: 'InventoryLocation', duplicate: () => conflict(`The tenant already has a location named "${input.name}".`, { field: 'name' }) },
  );
}

const stockKey = (tenant: Tenant, itemId: mongoose.Types.ObjectId, locationId: mongoose.Types.ObjectId) => ({ ...tenantScope(tenant), itemId, locationId });

/** Adds `qty` (which may be negative only to give back what was just taken), creating the record on first use. */
async function addStock(
  models: Pick<ServiceModels, 'Stock'>,
  tenant: Tenant,
  itemId: mongoose.Types.ObjectId,
  locationId: mongoose.Types.ObjectId,
  qty: number,
): Promise<Stock> {
  for (let attempt = 1; ; attempt++) {
    try {
      const stock = await models.Stock.findOneAndUpdate(stockKey(tenant, itemId, locationId), { $inc: { qty } }, { upsert: true, returnDocument: 'after' }).lean<Stock>();
      if (!stock) throw new Error('stock upsert returned nothing');
      return stock;
    } catch (error) {
      // Two first receipts may both insert; the unique index lets one win, the other retries as an update.
      if (isDuplicateKey(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Takes `qty` from a stock record in one guarded update: the filter holds `qty >= n`, so of any
 * number of concurrent takes only those the stock covers succeed. Null when it does not cover `qty`.
 */
async function takeStock(
  models: Pick<ServiceModels, 'Stock'>,
  tenant: Tenant,
  itemId: mongoose.Types.ObjectId,
  locationId: mongoose.Types.ObjectId,
  qty: number,
): Promise<Stock | null> {
  return models.Stock.findOneAndUpdate(
    { ...stockKey(tenant, itemId, locationId), qty: mongoose.trusted({ $gte: qty }) },
    { $inc: { qty: -qty } },
    { returnDocument: 'after' },
  ).lean<Stock>();
}

/** Takes `qty` whatever the stock holds (below zero too), creating the record on first use: for tenants that allow negative stock. */
async function forceTakeStock(
  models: Pick<ServiceModels, 'Stock'>,
  tenant: Tenant,
  itemId: mongoose.Types.ObjectId,
  locationId: mongoose.Types.ObjectId,
  qty: number,
): Promise<Stock | null> {
  return models.Stock.findOneAndUpdate(stockKey(tenant, itemId, locationId), { $inc: { qty: -qty } }, { upsert: true, returnDocument: 'after' }).lean<Stock>();
}

async function insufficient(
  models: Pick<ServiceModels, 'Stock'>,
  tenant: Tenant,
  item: Lean<InventoryItemDocument>,
  location: Lean<InventoryLocationDocument>,
  qty: number,
) {
  const current = await models.Stock.findOne(stockKey(tenant, item._id, location._id)).lean<Stock>();
  const available = current?.qty ?? 0;
  return conflict(`Insufficient stock of ${item.sku} at ${location.name}: ${available} on hand, ${qty} needed.`, { available, requested: qty });
}

export interface InventoryAdjustment {
  kind: 'receive' | 'count' | 'transfer';
  item: Lean<InventoryItemDocument>;
  stock: Stock[];
  deltas: number[];
}

/**
 * Receives, counts or transfers stock. A transfer takes from the source with the same guard as
 * consumePart and then adds to the destination; if the second write fails, the source gets its
 * stock back.
 */
export async function adjustInventory(ctx: ServiceContext, raw: unknown): Promise<InventoryAdjustment> {
  requireAccess(ctx, FEATURE, 'inventory:write');
  const parsed = adjustInput.safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues[0]?.message ?? 'Invalid adjustment.', { issues: parsed.error.issues.map((i) => i.message) });
  const input = parsed.data;
  const item = await loadItem(ctx, input.itemId);
  const { Stock } = ctx.models;
  let adjustment: InventoryAdjustment;
  switch (input.kind) {
    case 'receive': {
      if (item.retiredAt) throw conflict(`Item ${item.sku} is retired; it is no longer received.`, { field: 'itemId' });
      await loadLocation(ctx, input.locationId);
      const stock = await addStock(ctx.models, ctx.tenant, item._id, input.locationId, input.qty);
      adjustment = { kind: 'receive', item, stock: [stock], deltas: [input.qty] };
      break;
    }
    case 'count': {
      await loadLocation(ctx, input.locationId);
      let before: Stock | null = null;
      for (let attempt = 1; ; attempt++) {
        try {
          before = await Stock.findOneAndUpdate(
            stockKey(ctx.tenant, item._id, input.locationId),
            { $set: { qty: input.qty } },
            { upsert: true, returnDocument: 'before' },
          ).lean<Stock>();
          break;
        } catch (error) {
          if (isDuplicateKey(error) && attempt < 3) continue;
          throw error;
        }
      }
      const stock = await Stock.findOne(stockKey(ctx.tenant, item._id, input.locationId)).lean<Stock>();
      adjustment = { kind: 'count', item, stock: [stock!], deltas: [input.qty - (before?.qty ?? 0)] };
      break;
    }
    case 'transfer': {
      const [from, to] = await Promise.all([loadLocation(ctx, input.fromLocationId), loadLocation(ctx, input.toLocationId)]);
      const taken = await takeStock(ctx.models, ctx.tenant, item._id, from._id, input.qty);
      if (!taken) throw await insufficient(ctx.models, ctx.tenant, item, from, input.qty);
      let added: Stock;
      try {
        added = await addStock(ctx.models, ctx.tenant, item._id, to._id, input.qty);
      } catch (error) {
        await addStock(ctx.models, ctx.tenant, item._id, from._id, input.qty).catch((e: unknown) =>
          ctx.log.error({ err: e, itemId: item._id.toHexString() }, 'transfer failed and its source was not given back'),
        );
        throw error;
      }
      adjustment = { kind: 'transfer', item, stock: [taken, added], deltas: [-input.qty, input.qty] };
      break;
    }
  }
  ctx.loaders.custom<string, Stock[]>('stockByItem', stockByItem(ctx.models)).clear(item._id.toHexString());
  await noteStockLevel(ctx, item);
  ctx.audit.record('InventoryItem', item._id.toHexString(), null, {
    adjustment: input.kind,
    note: input.note ?? null,
    stock: adjustment.stock.map((s, i) => ({ locationId: s.locationId, qty: s.qty, delta: adjustment.deltas[i] })),
  });
  return adjustment;
}

export interface ConsumedPart {
  workOrder: Lean<WorkOrderDocument>;
  part: WorkOrderPart;
  stock: Stock;
}

const CLOSED_FOR_PARTS = ['invoiced', 'cancelled'] as const;

/**
 * Takes `qty` of an item from a location for a work order, in two writes:
 *   1. the guarded decrement of the stock (`qty >= n` in the filter): never below zero, and of 100
 *      concurrent calls on a stock of 30 exactly 30 pass;
 *   2. the part pushed onto the work order, guarded against an order invoiced or cancelled meanwhile.
 * If 2 is refused or fails, 1 is undone (the stock given back) and nothing is recorded. A process
 * that dies between the two loses the stock without a part record; a count corrects it.
 */
export async function consumePart(ctx: ServiceContext, args: { workOrderId: unknown; itemId: unknown; locationId: unknown; qty: unknown }): Promise<ConsumedPart> {
  requireAccess(ctx, [FEATURE, 'workOrders'], 'inventory:consume');
  const workOrderId = parseId(args.workOrderId, 'workOrderId');
  const itemId = parseId(args.itemId, 'itemId');
  const locationId = parseId(args.locationId, 'locationId');
  const qty = quantity.safeParse(args.qty);
  if (!qty.success) throw badInput('"qty" must be an integer from 1 to 1000000.', { field: 'qty' });
  const [order, item, location] = await Promise.all([
    findOwned(ctx, ctx.models.WorkOrder, workOrderId, 'WorkOrder', { select: ['number', 'status', 'technicianId'] }),
    loadItem(ctx, itemId),
    loadLocation(ctx, locationId),
  ]);
  // As for status changes: a technician takes parts only for the work orders assigned to them.
  await requireOwnWorkOrderForTechnician(ctx, order, 'inventory:consume', 'consume parts for work orders');
  if ((CLOSED_FOR_PARTS as readonly string[]).includes(order.status)) {
    throw conflict(`Work order #${order.number} is ${order.status}; no parts can be added.`, { status: order.status });
  }

  // With the tenant's inventory.allowNegativeStock the take is unguarded (still one single-document $inc): the shelf is counted later.
  const stock = allowNegativeStockFor(ctx.tenant)
    ? await forceTakeStock(ctx.models, ctx.tenant, itemId, locationId, qty.data)
    : await takeStock(ctx.models, ctx.tenant, itemId, locationId, qty.data);
  if (!stock) throw await insufficient(ctx.models, ctx.tenant, item, location, qty.data);

  const part: WorkOrderPart = {
    _id: new mongoose.Types.ObjectId(),
    itemId,
    locationId,
    qty: qty.data,
    unitCostCents: item.unitCostCents,
    consumedAt: ctx.clock.now(),
    consumedBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
  };
  const giveBack = () =>
    addStock(ctx.models, ctx.tenant, itemId, locationId, qty.data).catch((error: unknown) =>
      ctx.log.error({ err: error, itemId: itemId.toHexString(), qty: qty.data }, 'consumed stock not given back after a failed part record'),
    );
  let updated: Lean<WorkOrderDocument>;
  try {
    updated = await updateOwned(
      ctx,
      ctx.models.WorkOrder,
      order,
      { $push: { parts: part } },
      {
        what: 'WorkOrder',
        guard: { status: mongoose.trusted({ $nin: CLOSED_FOR_PARTS }) },
        changed: () => conflict(`Work order #${order.number} was invoiced or cancelled meanwhile; no part was recorded.`),
        // The event records the part and the stock, not the whole order.
        audit: false,
      },
    );
  } catch (error) {
    await giveBack();
    throw error;
  }
  ctx.loaders.custom<string, Stock[]>('stockByItem', stockByItem(ctx.models)).clear(itemId.toHexString());
  await noteStockLevel(ctx, item);
  ctx.audit.record(
    'WorkOrder',
    workOrderId.toHexString(),
    { stock: stock.qty + qty.data },
    { stock: stock.qty, part: { itemId, locationId, qty: qty.data, unitCostCents: item.unitCostCents } },
  );
  return { workOrder: updated, part, stock };
}

/** Batch function of the `stockByItem` loader: every stock record of the items, in one query. */
export const stockByItem =
  (models: Pick<ServiceModels, 'Stock'>) =>
  async (tenant: TenantContext, itemIds: readonly string[]): Promise<Stock[][]> => {
    const ids = itemIds.filter((id) => mongoose.isObjectIdOrHexString(id)).map((id) => new mongoose.Types.ObjectId(id));
    const records = ids.length
      ? await models.Stock.find({ ...tenantScope(tenant), itemId: mongoose.trusted({ $in: ids }) })
          .sort({ _id: 1 })
          .lean<Stock[]>()
      : [];
    return itemIds.map((id) => records.filter((record) => record.itemId.toHexString() === id));
  };
