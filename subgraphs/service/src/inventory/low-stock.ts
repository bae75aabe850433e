import mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { buildEvents, publishEventsOf, withEvents } from '@attunelogic/shared/events';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ServiceContext } from '../models';
import { reorderPointOf } from './inventory.service';
import { type InventoryItemDocument } from './inventory.model';

/**
 * After a change of an item's stock: tells `inventory.low_stock` when the quantity on hand over all
 * locations is at or below the item's reorder point and the item was not low yet, once per crossing.
 * The item's `lowStockSince` is the latch: set (with the event, in the same single-document write)
 * only where it is null, so of concurrent changes that all find the item low exactly one tells it;
 * cleared again once the stock is back above the point, so the next fall is told again.
 *
 * Runs after the stock write it follows, which stands whatever happens here: a failure is logged,
 * and the next change of the item's stock judges it again. Two changes racing (a take and a receipt)
 * may latch on a total the other has already changed; the next change corrects the latch.
 */
export async function noteStockLevel(ctx: ServiceContext, item: Pick<Lean<InventoryItemDocument>, '_id' | 'sku' | 'name' | 'reorderPoint' | 'retiredAt'>): Promise<void> {
  try {
    const scope = tenantScope(ctx.tenant);
    const [total] = await ctx.models.Stock.aggregate<{ qty: number }>([{ $match: { ...scope, itemId: item._id } }, { $group: { _id: null, qty: { $sum: '$qty' } } }]);
    const onHand = total?.qty ?? 0;
    const reorderPoint = reorderPointOf(item, ctx.tenant);
    const { InventoryItem } = ctx.models;
    // The latch is the item's own field: no updatedAt touched, so an edit of the item decided before is not refused for it.
    if (onHand > reorderPoint) {
      await InventoryItem.updateOne(
        { _id: item._id, ...scope, lowStockSince: mongoose.trusted({ $ne: null }) },
        { $set: { lowStockSince: null } },
        { timestamps: false },
      );
      return;
    }
    if (item.retiredAt) return;
    const now = ctx.clock.now();
    const events = buildEvents(
      ctx.tenant.tenantId,
      { type: 'InventoryItem', id: item._id.toHexString() },
      [{ type: 'inventory.low_stock', payload: { sku: item.sku, name: item.name, onHand, reorderPoint } }],
      now,
    );
    const latched = await InventoryItem.updateOne({ _id: item._id, ...scope, lowStockSince: null }, withEvents({ $set: { lowStockSince: now } }, events), {
      timestamps: false,
    });
    if (latched.modifiedCount === 1) await publishEventsOf(InventoryItem, item._id, events);
  } catch (error) {
    ctx.log.warn({ err: error, itemId: item._id.toHexString() }, 'low stock not judged; the next stock change judges it');
  }
}
