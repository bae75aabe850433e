import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { iso } from '../access';
import { type ServiceContext } from '../models';
import { type InventoryItemDocument, type InventoryLocationDocument, type StockDocument } from './inventory.model';
import {
  adjustInventory,
  consumePart,
  createInventoryItem,
  createInventoryLocation,
  getInventoryItem,
  listInventoryItems,
  listInventoryLocations,
  stockByItem,
  type InventoryItemFilter,
  type InventoryLocationFilter,
} from './inventory.service';

type Item = Lean<InventoryItemDocument>;
type Location = Lean<InventoryLocationDocument>;
type Stock = Lean<StockDocument>;

const stockOf = (item: Item, ctx: ServiceContext): Promise<Stock[]> =>
  ctx.loaders.custom<string, Stock[]>('stockByItem', stockByItem(ctx.models)).load(item._id.toHexString());

export const inventoryResolvers = {
  Query: {
    inventoryItems: (_parent: unknown, args: ConnectionArgs & { filter?: InventoryItemFilter }, ctx: ServiceContext) => listInventoryItems(ctx, args),
    inventoryItem: (_parent: unknown, args: { id: string }, ctx: ServiceContext) => getInventoryItem(ctx, args.id),
    inventoryLocations: (_parent: unknown, args: ConnectionArgs & { filter?: InventoryLocationFilter }, ctx: ServiceContext) =>
      listInventoryLocations(ctx, args),
  },
  Mutation: {
    createInventoryItem: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => createInventoryItem(ctx, args.input),
    createInventoryLocation: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => createInventoryLocation(ctx, args.input),
    adjustInventory: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => adjustInventory(ctx, args.input),
    consumePart: (_parent: unknown, args: { workOrderId: string; itemId: string; locationId: string; qty: number }, ctx: ServiceContext) =>
      consumePart(ctx, args),
  },
  InventoryItem: {
    id: (item: Item) => item._id.toHexString(),
    stock: (item: Item, _args: unknown, ctx: ServiceContext) => stockOf(item, ctx),
    onHand: async (item: Item, _args: unknown, ctx: ServiceContext) => (await stockOf(item, ctx)).reduce((sum, s) => sum + s.qty, 0),
    lowStock: async (item: Item, _args: unknown, ctx: ServiceContext) =>
      (await stockOf(item, ctx)).reduce((sum, s) => sum + s.qty, 0) <= item.reorderPoint,
    createdBy: (item: Item) => userReference(item.createdBy),
    createdAt: (item: Item) => iso(item.createdAt),
    updatedAt: (item: Item) => iso(item.updatedAt),
  },
  InventoryLocation: {
    id: (location: Location) => location._id.toHexString(),
    technician: (location: Location, _args: unknown, ctx: ServiceContext) =>
      location.technicianId ? ctx.loaders.byId(ctx.models.Technician).load(location.technicianId.toHexString()) : null,
    createdBy: (location: Location) => userReference(location.createdBy),
    createdAt: (location: Location) => iso(location.createdAt),
    updatedAt: (location: Location) => iso(location.updatedAt),
  },
  StockLevel: {
    item: (stock: Stock, _args: unknown, ctx: ServiceContext) => ctx.loaders.byId(ctx.models.InventoryItem).load(stock.itemId.toHexString()),
    location: (stock: Stock, _args: unknown, ctx: ServiceContext) => ctx.loaders.byId(ctx.models.InventoryLocation).load(stock.locationId.toHexString()),
  },
};
