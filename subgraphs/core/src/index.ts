export { subgraph } from './subgraph';
export { createCoreServer, type CoreServerDeps } from './server';
export { coreEnv, loadCoreConfig, type CoreConfig } from './config';
export { createCoreModels, type CoreContext, type CoreModels } from './models';
export { PAYMENT_STATUSES, TENANT_MODEL_NAME, type PaymentStatus, type TenantDocument, type TenantModel } from './tenants/tenants.model';
export { ROLES, USER_MODEL_NAME, type Role, type UserDocument, type UserModel } from './users/users.model';
export {
  DEMO_TENANTS,
  provisionTenant,
  seedCore,
  type CoreSeed,
  type ProvisionedTenant,
  type ProvisionedUser,
  type ProvisionTenantInput,
} from './seed';
