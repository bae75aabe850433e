// A compile-time test of the generated client, type-checked by `tsc` in CI: the data of an
// operation has exactly the fields it selects.
import { type SessionQuery, type VehiclesQuery } from './generated/graphql';

declare const session: SessionQuery;
declare const vehicles: VehiclesQuery;

export const email: string = session.me.email;
export const appType: 'trucking' | 'serviceRepair' = session.tenant.appType;
export const unit: string | undefined = vehicles.vehicles.edges[0]?.node.unitNumber;

// @ts-expect-error `phone` is not selected by Session (and User has no such field)
export const phone: unknown = session.me.phone;
// @ts-expect-error `vin` exists on Vehicle but the Vehicles operation does not select it
export const vin: unknown = vehicles.vehicles.edges[0]?.node.vin;
