import { type Lean } from '@attunelogic/shared';
import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { type ServiceContext } from '../models';
import { required } from '../references';
import { type Resolvers } from '../generated/resolvers';
import { type InventoryItemDocument, type StockDocument } from './inventory.model';
import {
  adjustInventory,
  consumePart,
  createInventoryItem,
  createInventoryLocation,
  getInventoryItem,
  listInventoryItems,
  listInventoryLocations,
  reorderPointOf,
  setInventoryItemRetired,
  stockByItem,
  updateInventoryItem,
} from './inventory.service';

type Item = Lean<InventoryItemDocument>;
type Stock = Lean<StockDocument>;

const stockOf = (item: Item, ctx: ServiceContext): Promise<Stock[]> =>
  ctx.loaders.custom<string, Stock[]>('stockByItem', stockByItem(ctx.models)).load(item._id.toHexString());

export const inventoryResolvers = {
  Query: {
    inventoryItems: (_parent, args, ctx) => listInventoryItems(ctx, args),
    inventoryItem: (_parent, args, ctx) => getInventoryItem(ctx, args.id),
    inventoryLocations: (_parent, args, ctx) => listInventoryLocations(ctx, args),
  },
  Mutation: {
    createInventoryItem: (_parent, args, ctx) => createInventoryItem(ctx, args.input),
    createInventoryLocation: (_parent, args, ctx) => createInventoryLocation(ctx, args.input),
    updateInventoryItem: (_parent, args, ctx) => updateInventoryItem(ctx, args.id, args.input),
    retireInventoryItem: (_parent, args, ctx) => setInventoryItemRetired(ctx, args.id, true),
    reactivateInventoryItem: (_parent, args, ctx) => setInventoryItemRetired(ctx, args.id, false),
    adjustInventory: (_parent, args, ctx) => adjustInventory(ctx, args.input),
    consumePart: (_parent, args, ctx) => consumePart(ctx, args),
  },
  InventoryItem: {
    id: (item) => item._id.toHexString(),
    stock: (item, _args, ctx) => stockOf(item, ctx),
    onHand: async (item, _args, ctx) => (await stockOf(item, ctx)).reduce((sum, s) => sum + s.qty, 0),
    lowStock: async (item, _args, ctx) => (await stockOf(item, ctx)).reduce((sum, s) => sum + s.qty, 0) <= reorderPointOf(item, ctx.tenant),
    retiredAt: (item) => isoOrNull(item.retiredAt),
    // Items older than the field have none.
    unitPriceCents: (item) => item.unitPriceCents ?? null,
    createdBy: (item) => userReference(item.createdBy),
    createdAt: (item) => iso(item.createdAt),
    updatedAt: (item) => iso(item.updatedAt),
  },
  InventoryLocation: {
    id: (location) => location._id.toHexString(),
    technician: (location, _args, ctx) => (location.technicianId ? ctx.loaders.byId(ctx.models.Technician).load(location.technicianId.toHexString()) : null),
    createdBy: (location) => userReference(location.createdBy),
    createdAt: (location) => iso(location.createdAt),
    updatedAt: (location) => iso(location.updatedAt),
  },
  StockLevel: {
    item: (stock, _args, ctx) => required(ctx, ctx.models.InventoryItem, stock.itemId, 'InventoryItem'),
    location: (stock, _args, ctx) => required(ctx, ctx.models.InventoryLocation, stock.locationId, 'InventoryLocation'),
  },
} satisfies Resolvers;
