// The user record belongs to the directory in @attunelogic/shared/tenancy, where provisioning writes
// it too; core serves it. The roles are the permission matrix's (shared/src/permissions.ts).
export { ROLES, type Role } from '@attunelogic/shared';
export { USER_MODEL_NAME, userModel, type UserDocument, type UserModel } from '@attunelogic/shared/tenancy';
