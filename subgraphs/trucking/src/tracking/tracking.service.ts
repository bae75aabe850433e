import mongoose from 'mongoose';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { hasPermission } from '@attunelogic/shared';
import { badInput, forbidden, isDuplicateKey, conflict } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { buildEvents, publishEventsOf, withEvents } from '@attunelogic/shared/events';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { instant, isRealPosition, latitude, longitude, NO_FIX_MESSAGE, notAfter, objectId } from '../common/inputs';
import { type DriverDocument } from '../drivers/drivers.model';
import { driversByUser, loadDriver } from '../drivers/drivers.service';
import { type TruckingContext } from '../models';
import { locationIntervalSecondsFor, settingsFor } from '../settings';
import { type DriverLocationDocument } from './tracking.model';

/** The tenant flag that switches driver tracking on and off. */
export const TRACKING_FEATURE = 'driverTracking';

const DAY = 86_400_000;
/** A device clock may run a little ahead of ours; more than this is a bad reading. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type DriverLocation = Lean<DriverLocationDocument>;

const recordInput = z
  .object({
    driverId: objectId.nullish(),
    latitude,
    longitude,
    recordedAt: instant,
    speedKmh: z.number().min(0).max(300).nullish(),
    headingDegrees: z.number().min(0).lt(360).nullish(),
    accuracyMeters: z.number().min(0).max(100_000).nullish(),
  })
  .refine((input) => isRealPosition(input), { message: NO_FIX_MESSAGE, path: ['latitude'] });

const positionsFilter = z.object({ driverIds: z.array(objectId).max(MAX_PAGE_SIZE).nullish() }).nullish();
const trackArgs = z
  .object({ from: instant, to: instant, first: z.number().int().min(1).max(MAX_PAGE_SIZE).nullish(), after: z.string().max(64).nullish() })
  .refine((args) => notAfter(args.from, args.to), { message: '"to" is before "from".', path: ['to'] });

export type PositionsFilter = z.input<typeof positionsFilter>;

/**
 * Retention (settings: `tracking.retentionDays`) is enforced twice, because TTL indexes are not
 * available: on write, each ping deletes that driver's pings older than the retention period; at
 * query time, nothing older is ever served, even if a driver has sent nothing since to prune it.
 */
const retentionCutoff = (ctx: TruckingContext): Date => new Date(ctx.clock.now().getTime() - settingsFor(ctx.tenant).trackingRetentionDays * DAY);

/**
 * Stores a position ping. A driver's own device records for the driver profile of its user; a
 * dispatcher (tracking:write beyond the driver role) names the driver. The same reading sent again
 * (same driver and recordedAt) is stored once and answered with the stored ping; a reading older
 * than the driver's newest is kept in the track without becoming the latest position. A reading
 * newer than the driver's latest by less than `tracking.locationIntervalSeconds` is thinned: it is
 * acknowledged with the latest stored ping and not stored (two concurrent pings may both be kept;
 * thinning saves storage, it is not an invariant).
 */
export async function recordDriverLocation(ctx: TruckingContext, raw: unknown): Promise<DriverLocation> {
  requireAccess(ctx.tenant, TRACKING_FEATURE, 'tracking:write');
  const input = recordInput.parse(raw);
  const at = ctx.clock.now();
  if (input.recordedAt.getTime() > at.getTime() + FUTURE_TOLERANCE_MS) {
    throw badInput('"recordedAt" is in the future: is the device clock right?', { field: 'recordedAt' });
  }
  const cutoff = retentionCutoff(ctx);
  if (input.recordedAt < cutoff) {
    throw badInput(`"recordedAt" is older than the ${settingsFor(ctx.tenant).trackingRetentionDays}-day retention period.`, { field: 'recordedAt' });
  }
  const driver = await pingingDriver(ctx, input.driverId ?? null);
  const thinnedBy = thinningPing(ctx, driver, input.recordedAt);
  if (thinnedBy) return thinnedBy;
  const { DriverLocation, Driver } = ctx.models;
  const scope = tenantScope(ctx.tenant);

  let ping: DriverLocation;
  try {
    const created = await DriverLocation.create({
      ...scope,
      driver: driver._id,
      latitude: input.latitude,
      longitude: input.longitude,
      recordedAt: input.recordedAt,
      receivedAt: at,
      speedKmh: input.speedKmh ?? null,
      headingDegrees: input.headingDegrees ?? null,
      accuracyMeters: input.accuracyMeters ?? null,
    });
    ping = created.toObject<DriverLocation>();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const stored = await DriverLocation.findOne({ ...scope, driver: driver._id, recordedAt: input.recordedAt }).lean<DriverLocation>();
    if (!stored) throw error;
    ctx.audit.record('DriverLocation', stored._id.toHexString());
    return stored;
  }

  // The latest position moves only forward in recordedAt: an out-of-order ping loses this guard, and
  // with it its driver.position event, which is stored in the same write as the position it tells of.
  const moved = buildEvents(
    ctx.tenant.tenantId,
    { type: 'Driver', id: driver._id.toHexString() },
    [
      {
        type: 'driver.position',
        payload: {
          driverId: driver._id.toHexString(),
          latitude: ping.latitude,
          longitude: ping.longitude,
          recordedAt: ping.recordedAt,
          speedKmh: ping.speedKmh,
          headingDegrees: ping.headingDegrees,
        },
      },
    ],
    at,
  );
  const latest = await Driver.updateOne(
    {
      _id: driver._id,
      ...scope,
      $or: [{ lastLocation: null }, { 'lastLocation.recordedAt': mongoose.trusted({ $lt: ping.recordedAt }) }],
    },
    withEvents(
      {
        $set: {
          lastLocation: {
            location: ping._id,
            latitude: ping.latitude,
            longitude: ping.longitude,
            recordedAt: ping.recordedAt,
            receivedAt: ping.receivedAt,
            speedKmh: ping.speedKmh,
            headingDegrees: ping.headingDegrees,
            accuracyMeters: ping.accuracyMeters,
          },
        },
      },
      moved,
    ),
    { timestamps: false },
  );
  if (latest.modifiedCount > 0) await publishEventsOf(Driver, driver._id, moved);
  ctx.loaders.byId(Driver).clear(driver._id.toHexString());
  await DriverLocation.deleteMany({ ...scope, driver: driver._id, recordedAt: mongoose.trusted({ $lt: cutoff }) });
  ctx.audit.record('DriverLocation', ping._id.toHexString(), null, { ...ping });
  return ping;
}

/**
 * The driver's latest stored ping when a reading at `recordedAt` comes too soon after it (less than
 * the tenant's location interval later, or at the same instant); null when the reading is to be stored.
 * An older reading is never thinned: it fills the track.
 */
function thinningPing(ctx: TruckingContext, driver: Lean<DriverDocument>, recordedAt: Date): DriverLocation | null {
  const last = driver.lastLocation;
  if (!last) return null;
  const gap = recordedAt.getTime() - last.recordedAt.getTime();
  if (gap < 0 || gap >= locationIntervalSecondsFor(ctx.tenant) * 1000) return null;
  return toLocation(driver, last);
}

/** What a driver app reads of the tenant's tracking configuration. */
export interface TrackingSettings {
  readonly locationIntervalSeconds: number;
  readonly retentionDays: number;
}

/** `trackingSettings`: for anyone who reads positions or sends them (a driver's app). */
export function trackingSettingsOf(ctx: TruckingContext): TrackingSettings {
  const reads = hasPermission('trucking', ctx.tenant.roles, 'tracking:read');
  requireAccess(ctx.tenant, TRACKING_FEATURE, reads ? 'tracking:read' : 'tracking:write');
  return { locationIntervalSeconds: locationIntervalSecondsFor(ctx.tenant), retentionDays: settingsFor(ctx.tenant).trackingRetentionDays };
}

/**
 * The driver a ping is for: the caller's own profile for a driver, the named one for a dispatcher.
 * A retired driver is tracked no more (CONFLICT DRIVER_RETIRED): their history stays as it was.
 */
async function pingingDriver(ctx: TruckingContext, driverId: mongoose.Types.ObjectId | null): Promise<Lean<DriverDocument>> {
  const driver = await namedOrOwnDriver(ctx, driverId);
  if (driver.status === 'retired') throw conflict('The driver is retired: their positions are no longer recorded.', { reason: 'DRIVER_RETIRED' });
  return driver;
}

async function namedOrOwnDriver(ctx: TruckingContext, driverId: mongoose.Types.ObjectId | null): Promise<Lean<DriverDocument>> {
  const ownOnly = actsOnlyAsDriver(ctx.tenant, 'tracking:write');
  if (driverId) {
    const driver = await loadDriver(ctx, driverId.toHexString(), 'driverId');
    if (ownOnly && driver.userId.toHexString() !== ctx.tenant.userId) throw forbidden('A driver records only their own location.');
    return driver;
  }
  const own = await driversByUser(ctx).load(ctx.tenant.userId);
  if (!own) throw badInput('"driverId" is required: you have no driver profile in this tenant.', { field: 'driverId' });
  return own;
}

/** A driver's newest position within retention, as a DriverLocation; null when none. */
export function latestLocationOf(ctx: TruckingContext, driver: Lean<DriverDocument>): DriverLocation | null {
  requireAccess(ctx.tenant, TRACKING_FEATURE, 'tracking:read');
  const last = driver.lastLocation;
  if (!last || last.recordedAt < retentionCutoff(ctx)) return null;
  return toLocation(driver, last);
}

const toLocation = (driver: Lean<DriverDocument>, last: NonNullable<Lean<DriverDocument>['lastLocation']>): DriverLocation => ({
  _id: last.location,
  parentCompany: driver.parentCompany,
  driver: driver._id,
  latitude: last.latitude,
  longitude: last.longitude,
  recordedAt: last.recordedAt,
  receivedAt: last.receivedAt,
  speedKmh: last.speedKmh,
  headingDegrees: last.headingDegrees,
  accuracyMeters: last.accuracyMeters,
});

/**
 * `driverLocations`: the drivers with a position within retention, newest driver first, each with
 * its latest position (and its track on demand); optionally only some drivers.
 */
export async function listDriverPositions(ctx: TruckingContext, args: ConnectionArgs & { filter?: PositionsFilter }): Promise<Connection<Lean<DriverDocument>>> {
  requireAccess(ctx.tenant, TRACKING_FEATURE, 'tracking:read');
  const filter = positionsFilter.parse(args.filter);
  return paginate(
    ctx.models.Driver,
    ctx.tenant,
    {
      'lastLocation.recordedAt': mongoose.trusted({ $gte: retentionCutoff(ctx) }),
      ...(filter?.driverIds && { _id: mongoose.trusted({ $in: filter.driverIds }) }),
    },
    args,
  );
}

const encodeTrackCursor = (ping: DriverLocation): string => Buffer.from(`l:${ping.recordedAt.getTime()}`).toString('base64url');

function decodeTrackCursor(cursor: string): Date {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const ms = /^l:\d{1,15}$/.test(raw) ? Number(raw.slice(2)) : NaN;
  if (!Number.isFinite(ms)) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return new Date(ms);
}

/**
 * A driver's pings between `from` and `to` (within retention), oldest first, as a connection; the
 * cursor is the ping's recordedAt, unique per driver.
 */
export async function trackOf(ctx: TruckingContext, driver: Lean<DriverDocument>, raw: unknown): Promise<Connection<DriverLocation>> {
  requireAccess(ctx.tenant, TRACKING_FEATURE, 'tracking:read');
  const args = trackArgs.parse(raw);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const cutoff = retentionCutoff(ctx);
  const from = args.from < cutoff ? cutoff : args.from;
  const range = { ...tenantScope(ctx.tenant), driver: driver._id, recordedAt: mongoose.trusted({ $gte: from, $lte: args.to }) };
  const page = args.after ? { ...range, recordedAt: mongoose.trusted({ $gt: decodeTrackCursor(args.after), $gte: from, $lte: args.to }) } : range;
  const [pings, totalCount] = await Promise.all([
    ctx.models.DriverLocation.find(page)
      .sort({ recordedAt: 1 })
      .limit(first + 1)
      .lean<DriverLocation[]>(),
    ctx.models.DriverLocation.countDocuments(range),
  ]);
  const edges = pings.slice(0, first).map((node) => ({ cursor: encodeTrackCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: pings.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
