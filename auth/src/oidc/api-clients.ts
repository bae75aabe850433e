import mongoose, { type Connection } from 'mongoose';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { API_CLIENT_COLLECTION } from '@attunelogic/shared/tenancy';

/** The token endpoint authentication of partners' clients: HTTP Basic with the client id and secret. */
export const API_CLIENT_AUTH_METHOD = 'client_secret_basic';

/**
 * oidc-provider's `Client` model over core's `apiClients` (the record core's GraphQL creates,
 * rotates and revokes), so the server holds no copy that can drift: every token request reads the
 * record again. A revoked client, or one of an inactive or canceled tenant, is no client at all
 * (`invalid_client`). The stored secret is its hash; the provider compares through
 * `clientSecretMatches` (createProvider), never the plain secret.
 */
export class ApiClientAdapter implements Adapter {
  constructor(private readonly coreConnection: Connection) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (!mongoose.isObjectIdOrHexString(id) || id.length !== 24) return undefined;
    const client = await this.coreConnection
      .collection(API_CLIENT_COLLECTION)
      .findOne({ _id: new mongoose.Types.ObjectId(id) }, { projection: { parentCompany: 1, name: 1, secretHash: 1, active: 1 } });
    if (!client || client['active'] !== true || typeof client['secretHash'] !== 'string') return undefined;
    const tenant = await this.coreConnection.collection('customers').findOne({ _id: client['parentCompany'] }, { projection: { slug: 1, active: 1, paymentStatus: 1 } });
    if (!tenant || tenant['active'] === false || tenant['paymentStatus'] === 'canceled') return undefined;
    return {
      client_id: id,
      client_secret: client['secretHash'],
      client_name: String(client['name']),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: API_CLIENT_AUTH_METHOD,
      tenant: String(tenant['slug']),
    };
  }

  // Core writes these records; the authorization server only reads them.
  async upsert(): Promise<void> {
    throw new Error('API clients are created through core');
  }
  async destroy(): Promise<void> {
    throw new Error('API clients are revoked through core');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
