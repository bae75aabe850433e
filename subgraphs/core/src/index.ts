export { subgraph } from './subgraph';
export { createCoreServer, type CoreServerDeps } from './server';
export { coreEnv, loadCoreConfig, type CoreConfig } from './env';
export { CONFIG_CACHE_TTL_MS, createCoreModels, type CoreContext, type CoreModelOptions, type CoreModels } from './models';
export { PAYMENT_STATUSES, TENANT_MODEL_NAME, type PaymentStatus, type TenantDocument, type TenantModel } from './tenants/tenants.model';
export { ROLES, USER_MODEL_NAME, type Role, type UserDocument, type UserModel } from './users/users.model';
export {
  activateTenant,
  createTenant,
  deactivateTenant,
  renameTenantBySlug,
  setPaymentStatus,
  setPlan,
  type CreateTenantInput,
  type TenantChange,
} from './tenants/tenants.service';
export { recordOperatorEvent } from './audit/audit.service';
