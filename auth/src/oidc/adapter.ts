import { AsyncLocalStorage } from 'node:async_hooks';
import { type Collection, type Connection } from 'mongoose';
import { systemClock, type Clock } from '@attunelogic/shared';
import type { Adapter, AdapterPayload } from 'oidc-provider';

/** What the request being served says about the device: a new session keeps it (server.ts sets it). */
export const requestDevice = new AsyncLocalStorage<{ userAgent: string }>();

/** One stored artefact of the authorization server (a session, a grant, a code, a refresh token, ...). */
interface StoredArtefact {
  _id: string;
  model: string;
  payload: AdapterPayload;
  expiresAt?: Date;
  grantId?: string;
  uid?: string;
  userCode?: string;
  /** The grants a session holds, so a revoked grant can end its session. */
  grantIds?: string[];
  /** A session's: when it began, from which browser, and when it was last used (a sign-in or a refresh). */
  createdAt?: Date;
  userAgent?: string;
  lastUsedAt?: Date;
}

/** The adapter's collection (exported for "my sessions", which reads sessions beside oidc-provider). */
export const COLLECTION = 'oidc';
const OPTIONAL_FIELDS = ['expiresAt', 'grantId', 'uid', 'userCode', 'grantIds'] as const;

/**
 * oidc-provider's models in the project's database: one collection, keyed `<model>:<id>`. Nothing
 * expires by index (FerretDB has no TTL indexes): every read checks `expiresAt` against the clock,
 * and an expired artefact is as good as absent.
 */
export class MongoAdapter implements Adapter {
  private readonly collection: Collection<StoredArtefact>;

  constructor(
    private readonly model: string,
    connection: Connection,
    private readonly clock: Clock = systemClock,
  ) {
    this.collection = connection.collection<StoredArtefact>(COLLECTION);
  }

  /** The indexes of the collection (none of them TTL). */
  static async ensureIndexes(connection: Connection): Promise<void> {
    const collection = connection.collection(COLLECTION);
    await collection.createIndex({ model: 1, grantId: 1 });
    await collection.createIndex({ model: 1, uid: 1 });
    await collection.createIndex({ model: 1, userCode: 1 });
    await collection.createIndex({ model: 1, grantIds: 1 });
    await collection.createIndex({ 'payload.accountId': 1 });
  }

  /** Ends everything a person holds (sessions, grants, codes, refresh tokens): after a password change. */
  static async endAccount(connection: Connection, accountId: string): Promise<number> {
    const { deletedCount } = await connection.collection(COLLECTION).deleteMany({ 'payload.accountId': accountId });
    return deletedCount;
  }

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const document: Omit<StoredArtefact, '_id'> = { model: this.model, payload };
    if (expiresIn) document.expiresAt = new Date(this.clock.now().getTime() + expiresIn * 1000);
    if (payload.grantId) document.grantId = payload.grantId;
    if (payload.uid) document.uid = payload.uid;
    if (payload.userCode) document.userCode = payload.userCode;
    const now = this.clock.now();
    if (this.model !== 'Session') {
      await this.collection.replaceOne({ _id: this.key(id) }, document, { upsert: true });
      // A refresh is a use of the session that holds its grant.
      if (this.model === 'RefreshToken' && payload.grantId) {
        await this.collection.updateOne({ model: 'Session', grantIds: payload.grantId }, { $set: { lastUsedAt: now } });
      }
      return;
    }
    document.grantIds = Object.values(payload.authorizations ?? {}).flatMap((a) => (a.grantId ? [a.grantId] : []));
    // A session keeps when and from where it began across oidc-provider's saves.
    const unset = Object.fromEntries(OPTIONAL_FIELDS.filter((field) => document[field] === undefined).map((field) => [field, '' as const]));
    await this.collection.updateOne(
      { _id: this.key(id) },
      {
        $set: { ...document, lastUsedAt: now },
        $setOnInsert: { createdAt: now, userAgent: requestDevice.getStore()?.userAgent ?? '' },
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      },
      { upsert: true },
    );
  }

  private live(document: StoredArtefact | null): AdapterPayload | undefined {
    if (!document) return undefined;
    if (document.expiresAt && document.expiresAt.getTime() <= this.clock.now().getTime()) return undefined;
    return document.payload;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.live(await this.collection.findOne({ _id: this.key(id) }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.live(await this.collection.findOne({ model: this.model, uid }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.live(await this.collection.findOne({ model: this.model, userCode }));
  }

  async consume(id: string): Promise<void> {
    await this.collection.updateOne({ _id: this.key(id) }, { $set: { 'payload.consumed': Math.floor(this.clock.now().getTime() / 1000) } });
  }

  async destroy(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.key(id) });
    // A grant ends with the sessions that hold it: a reused refresh token (which revokes its grant)
    // signs the person out everywhere that grant reached, not only on the token endpoint.
    if (this.model === 'Grant') await this.collection.deleteMany({ model: 'Session', grantIds: id });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.collection.deleteMany({ model: this.model, grantId });
  }

  /** Removes what has expired; the server runs it now and then, since no index does. */
  static async sweep(connection: Connection, clock: Clock = systemClock): Promise<number> {
    const { deletedCount } = await connection.collection(COLLECTION).deleteMany({ expiresAt: { $lte: clock.now() } });
    return deletedCount;
  }
}
