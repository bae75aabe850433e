import type mongoose from 'mongoose';
import { type ServiceContext } from '../models';

/**
 * The users a work order's events are about besides the office: its technician's user, so a
 * technician's live stream carries the events of their own work orders and no other's. Through the
 * request's loader; a technician profile gone names no one.
 */
export async function workOrderAssignees(ctx: ServiceContext, technicianId: mongoose.Types.ObjectId | null | undefined): Promise<string[]> {
  if (!technicianId) return [];
  const technician = await ctx.loaders.byId(ctx.models.Technician).load(technicianId.toHexString());
  return technician ? [technician.userId.toHexString()] : [];
}
