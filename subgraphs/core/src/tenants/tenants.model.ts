// The tenant record belongs to the directory in @attunelogic/shared/tenancy, where provisioning writes
// it too; core serves it.
export {
  PAYMENT_STATUSES,
  TENANT_MODEL_NAME,
  tenantModel,
  type OwnerLease,
  type PaymentStatus,
  type TenantDocument,
  type TenantModel,
} from '@attunelogic/shared/tenancy';
