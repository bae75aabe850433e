// The API client record belongs to the directory in @attunelogic/shared/tenancy, where the
// authorization server and the gateway read it too; core creates, rotates and revokes it.
export { API_CLIENT_ROLES, apiClientModel, type ApiClientDocument, type ApiClientModel } from '@attunelogic/shared/tenancy';
