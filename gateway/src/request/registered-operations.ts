// Registered operations: the typed client's operations, published by `pnpm compose` as a manifest
// (graphql-codegen's persisted documents: `sha256:<hex>` → document). Any client may send a
// `documentId` of the manifest instead of the text; a client set to registered operations only (the
// SPA's `client_id`, or a partner's API client whose tenant requires it) may send nothing else.
// Automatic persisted queries stay off (apollo.ts): a client cannot add to the manifest.
import { readFileSync } from 'node:fs';
import { type IncomingMessage } from 'node:http';
import { type TenantRecord } from '@attunelogic/shared/tenancy';
import { refusal, type Refusal } from '../http/refusals';

export const DEFAULT_MANIFEST = new URL('../../../schema/client/generated/persisted-documents.json', import.meta.url);

export const NOT_REGISTERED_MESSAGE = 'This client may run registered operations only: send the documentId of a published operation.';
export const UNKNOWN_DOCUMENT_MESSAGE = 'No registered operation has this documentId.';

/** Who sent the request, as far as registration goes. */
export interface Sender {
  readonly principal: 'user' | 'client';
  /** The OAuth client of a person's token (`client_id`), if it names one. */
  readonly clientId?: string | undefined;
  readonly record: TenantRecord;
}

export type Registration = { readonly ok: true; readonly body: string; readonly documentId?: string } | { readonly ok: false; readonly refusal: Refusal };

/** The manifest's documents by id. */
export function readManifest(file: string | URL = DEFAULT_MANIFEST): ReadonlyMap<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const entries = Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return new Map(entries);
}

export function createRegisteredOperations(options: { manifest: ReadonlyMap<string, string>; registeredOnlyClients: readonly string[] }) {
  const clients = new Set(options.registeredOnlyClients);

  /** Whether the sender may run registered operations only. */
  const registeredOnly = (sender: Sender): boolean =>
    sender.principal === 'client' ? sender.record.partnerRegisteredOperationsOnly : Boolean(sender.clientId && clients.has(sender.clientId));

  /**
   * The body Apollo runs: a `documentId` replaced by its document; the body unchanged for a sender
   * who may send any text; or the refusal (`OPERATION_NOT_REGISTERED`).
   */
  return function register(req: IncomingMessage, body: string, sender: Sender): Registration {
    const only = registeredOnly(sender);
    let parsed: unknown;
    if (req.method === 'POST') {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
    }
    const request = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    const documentId = request?.['documentId'];
    if (request && typeof documentId === 'string') {
      const document = options.manifest.get(documentId);
      if (!document) return { ok: false, refusal: refusal('OPERATION_NOT_REGISTERED', UNKNOWN_DOCUMENT_MESSAGE) };
      // The manifest's text runs, whatever text came with the id.
      const { documentId: _id, ...rest } = request;
      return { ok: true, body: JSON.stringify({ ...rest, query: document }), documentId };
    }
    if (only) return { ok: false, refusal: refusal('OPERATION_NOT_REGISTERED', NOT_REGISTERED_MESSAGE) };
    return { ok: true, body };
  };
}

export type RegisterOperation = ReturnType<typeof createRegisteredOperations>;
