import mongoose, { type Connection, type Model } from 'mongoose';
import { eventsPlugin } from '@attunelogic/shared/events';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

/** A part or material the tenant stocks. */
export interface InventoryItemDocument extends TenantOwned {
  /** Upper-case; unique within the tenant. */
  sku: string;
  name: string;
  /** Unit cost in cents of the tenant's currency: money is never a float. */
  unitCostCents: number;
  /** What the part is sold at (quotes and invoices), in cents; null or absent: at its cost. */
  unitPriceCents?: number | null;
  /** Low stock when the quantity on hand over all locations is at or below this. */
  reorderPoint: number;
  /** Set when retired: kept for the parts that name it, hidden from lists by default, no longer received. */
  retiredAt?: Date | null;
  /** Since when the item is low (its inventory.low_stock told); null while above its reorder point. */
  lowStockSince?: Date | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export const INVENTORY_LOCATION_KINDS = ['warehouse', 'van'] as const;
export type InventoryLocationKind = (typeof INVENTORY_LOCATION_KINDS)[number];

/** Where stock is kept: a warehouse, or a technician's van. */
export interface InventoryLocationDocument extends TenantOwned {
  name: string;
  kind: InventoryLocationKind;
  /** The technician whose van it is; null for a warehouse. */
  technicianId: mongoose.Types.ObjectId | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The quantity of one item at one location. Every change is one atomic update of this document; a
 * decrement carries `qty: { $gte: n }` in its filter, so stock never goes below zero.
 */
export interface StockDocument extends TenantOwned {
  itemId: mongoose.Types.ObjectId;
  locationId: mongoose.Types.ObjectId;
  qty: number;
  createdAt: Date;
  updatedAt: Date;
}

export type InventoryItemModel = Model<InventoryItemDocument>;
export type InventoryLocationModel = Model<InventoryLocationDocument>;
export type StockModel = Model<StockDocument>;

const itemSchema = new mongoose.Schema<InventoryItemDocument>(
  {
    sku: { type: String, required: true, trim: true, uppercase: true },
    name: { type: String, required: true, trim: true },
    unitCostCents: { type: Number, required: true, min: 0 },
    unitPriceCents: { type: Number, min: 0, default: null },
    reorderPoint: { type: Number, required: true, min: 0, default: 0 },
    retiredAt: { type: Date, default: null },
    lowStockSince: { type: Date, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'inventoryItems', timestamps: true },
);
itemSchema.plugin(tenantPlugin);
// inventory.low_stock is written with the item's lowStockSince.
itemSchema.plugin(eventsPlugin);
itemSchema.index({ parentCompany: 1, sku: 1 }, { unique: true });

const locationSchema = new mongoose.Schema<InventoryLocationDocument>(
  {
    name: { type: String, required: true, trim: true },
    kind: { type: String, enum: INVENTORY_LOCATION_KINDS, required: true },
    technicianId: { type: mongoose.Schema.Types.ObjectId, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'inventoryLocations', timestamps: true },
);
locationSchema.plugin(tenantPlugin);
locationSchema.index({ parentCompany: 1, name: 1 }, { unique: true });

const stockSchema = new mongoose.Schema<StockDocument>(
  {
    itemId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    locationId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    qty: { type: Number, required: true, min: 0, default: 0 },
  },
  { collection: 'stock', timestamps: true },
);
stockSchema.plugin(tenantPlugin);
// One stock document per item and location, so concurrent first receipts cannot create two.
stockSchema.index({ parentCompany: 1, itemId: 1, locationId: 1 }, { unique: true });
stockSchema.index({ parentCompany: 1, locationId: 1 });

export const INVENTORY_ITEM_MODEL_NAME = 'InventoryItem';
export const INVENTORY_LOCATION_MODEL_NAME = 'InventoryLocation';
export const STOCK_MODEL_NAME = 'Stock';

export function inventoryItemModel(connection: Connection): InventoryItemModel {
  return (
    (connection.models[INVENTORY_ITEM_MODEL_NAME] as InventoryItemModel | undefined) ?? connection.model<InventoryItemDocument>(INVENTORY_ITEM_MODEL_NAME, itemSchema)
  );
}

export function inventoryLocationModel(connection: Connection): InventoryLocationModel {
  return (
    (connection.models[INVENTORY_LOCATION_MODEL_NAME] as InventoryLocationModel | undefined) ??
    connection.model<InventoryLocationDocument>(INVENTORY_LOCATION_MODEL_NAME, locationSchema)
  );
}

export function stockModel(connection: Connection): StockModel {
  return (connection.models[STOCK_MODEL_NAME] as StockModel | undefined) ?? connection.model<StockDocument>(STOCK_MODEL_NAME, stockSchema);
}
