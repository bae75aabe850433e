import { type Connection } from 'mongoose';
import { databaseUnreachableMessage, isDatabaseUnreachable, PUBLISHED_DEVELOPMENT_SECRETS, internalContextKey, publicJwkOf } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';

/**
 * Development defaults, used by `pnpm dev`, `pnpm seed`, `pnpm tenant` and `pnpm dev-token` when
 * neither the environment nor `.env` sets them. They are public by design, so every service refuses
 * them unless it listens on loopback only; a production deployment sets its own secrets and uses
 * asymmetric JWT keys (JWT_JWKS_URL), which the gateway requires when NODE_ENV=production.
 */
export const DEV_DEFAULTS = {
  ...PUBLISHED_DEVELOPMENT_SECRETS,
  JWT_ISSUER: 'attunelogic',
  JWT_AUDIENCE: 'attunelogic-api',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/',
  MONGODB_DB_PREFIX: 'attunelogic',
  // Download links of the documents kept under .data/documents: a development key, like the others.
  DOCUMENT_LINK_SECRET: 'attunelogic-development-document-link-secret',
} as const;

/**
 * The environment with the development defaults filled in where unset. Without MONGODB_URI the
 * database is the one `pnpm db` / `pnpm dev` start, on DB_PORT.
 */
export function devEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  if (merged['DB_PORT']) merged['MONGODB_URI'] ??= `mongodb://127.0.0.1:${merged['DB_PORT']}/`;
  // A private key of one's own and no public key: the subgraphs get its public half, not the published one.
  if (merged['INTERNAL_CONTEXT_PRIVATE_KEY'] && !merged['INTERNAL_CONTEXT_PUBLIC_KEYS']) {
    merged['INTERNAL_CONTEXT_PUBLIC_KEYS'] = publicJwkOf(internalContextKey(merged['INTERNAL_CONTEXT_PRIVATE_KEY']));
  }
  for (const [key, value] of Object.entries(DEV_DEFAULTS)) merged[key] ??= value;
  return merged;
}

/** `connectDatabase` for a command: no database at `uri` ends it with one line saying so, not a stack trace. */
export async function connectOrExit(uri: string, dbName: string): Promise<Connection> {
  try {
    return await connectDatabase(uri, dbName);
  } catch (error) {
    if (!isDatabaseUnreachable(error)) throw error;
    console.error(databaseUnreachableMessage(uri));
    process.exit(1);
  }
}
