import type mongoose from 'mongoose';
import { type TruckingContext } from '../models';

/**
 * The users a load's events are about besides the office: its driver's user (and a driver it was
 * taken from), so a driver's live stream carries the events of their own loads and no other's.
 * Through the request's loader; a driver profile gone names no one.
 */
export async function loadAssignees(ctx: TruckingContext, ...driverIds: (mongoose.Types.ObjectId | null | undefined)[]): Promise<string[]> {
  const ids = [...new Set(driverIds.filter((id) => id != null).map((id) => id.toHexString()))];
  const drivers = await Promise.all(ids.map((id) => ctx.loaders.byId(ctx.models.Driver).load(id)));
  return drivers.filter((driver) => driver != null).map((driver) => driver.userId.toHexString());
}
