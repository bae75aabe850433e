import { createHash, type Hash } from 'node:crypto';
import { BSON, ObjectId, type Document } from 'mongodb';

// The canonical form of a tenant's document, which the archive's checksums are taken over: the
// document without its `parentCompany`, with the tenant's id, wherever else it appears (the event
// log's `tenant`, an audit head's `_id`, a storage key), replaced by a placeholder, keys sorted at
// every level, as canonical Extended JSON (types kept: an int stays an int, a date a date). The same
// data under another tenant's id has the same checksum, so an import is verified against the export.

const TENANT_PLACEHOLDER = '<tenant>';

// By tag rather than class: the driver's and mongoose's copies of bson are both met here.
const isObjectId = (value: unknown): value is ObjectId => typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value) && !('_bsontype' in value);

/** `value` with every ObjectId equal to `from` and every `from` hex inside a string replaced through `to`. */
function replaceTenant(value: unknown, from: string, to: (id: ObjectId) => unknown, toText: string): unknown {
  if (isObjectId(value)) return value.toHexString() === from ? to(value) : value;
  if (typeof value === 'string') return value.includes(from) ? value.split(from).join(toText) : value;
  if (Array.isArray(value)) return value.map((item) => replaceTenant(item, from, to, toText));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceTenant(item, from, to, toText)]));
  return value;
}

/**
 * The document as it belongs to tenant `to` instead of `from` (an import's rewrite): `parentCompany`
 * and every other mention, or `parentCompany` only for a record whose content is sealed (an audit
 * event's hash covers its fields: they stay as they were).
 */
export function moveToTenant(doc: Document, from: string, to: string, sealed = false): Document {
  const target = new ObjectId(to);
  if (sealed) return { ...doc, parentCompany: target };
  return replaceTenant(doc, from, () => target, to) as Document;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** The canonical line of a document of tenant `tenantId` (see above); a sealed record's other fields as they are. */
export function canonicalLine(doc: Document, tenantId: string, sealed = false): string {
  const { parentCompany: _owner, ...rest } = doc;
  return BSON.EJSON.stringify(sortKeys(sealed ? rest : replaceTenant(rest, tenantId, () => ({ $tenant: true }), TENANT_PLACEHOLDER)), { relaxed: false });
}

/** A document as the archive stores it: canonical Extended JSON, its tenant's ids as they are. */
export const archiveLine = (doc: Document): string => BSON.EJSON.stringify(doc, { relaxed: false });
export const parseArchiveLine = (line: string): Document => BSON.EJSON.parse(line, { relaxed: false }) as Document;

/** The count and SHA-256 of a collection's documents, fed in `_id` order. */
export class CollectionChecksum {
  readonly #hash: Hash = createHash('sha256');
  count = 0;

  constructor(
    private readonly tenantId: string,
    private readonly sealed = false,
  ) {}

  add(doc: Document): void {
    this.#hash.update(`${canonicalLine(doc, this.tenantId, this.sealed)}\n`);
    this.count += 1;
  }

  digest(): { count: number; sha256: string } {
    return { count: this.count, sha256: this.#hash.digest('hex') };
  }
}
