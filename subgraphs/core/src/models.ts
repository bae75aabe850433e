import { type Connection } from 'mongoose';
import { type SubgraphContext } from '@attunelogic/shared';
import { tenantModel, type TenantModel } from './tenants/tenants.model';
import { userModel, type UserModel } from './users/users.model';

export interface CoreModels {
  /** The tenants (collection `customers`). */
  readonly Customer: TenantModel;
  readonly User: UserModel;
}

/** Every model of the core subgraph on one connection; safe to call again on the same connection. */
export function createCoreModels(connection: Connection): CoreModels {
  return { Customer: tenantModel(connection), User: userModel(connection) };
}

/** What the core subgraph's resolvers receive. */
export type CoreContext = SubgraphContext<CoreModels>;
