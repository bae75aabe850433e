import { z } from 'zod';

/** The archive format's name and the one version this code reads and writes. */
export const ARCHIVE_FORMAT = 'attunelogic-tenant-archive';
export const ARCHIVE_VERSION = 1;

const sha256 = z.string().regex(/^[a-f0-9]{64}$/);

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.number().int(),
  tenant: z.object({ id: z.string().regex(/^[a-f0-9]{24}$/), slug: z.string(), name: z.string(), appType: z.string() }),
  exportedAt: z.string(),
  /** Per collection: how many documents, and the SHA-256 of their canonical lines in `_id` order (canonical.ts). */
  collections: z.array(z.object({ database: z.string(), collection: z.string(), count: z.number().int().min(0), sha256, importAs: z.string().optional() })),
  /** The stored documents' files, by object id. */
  files: z.array(z.object({ id: z.string().regex(/^[a-f0-9]{24}$/), size: z.number().int().min(0), sha256 })),
  /** The audit chain: how many events, its head (the anchor an imported history is checked against), and whether it verified at export. */
  audit: z.object({ count: z.number().int().min(0), head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(), verified: z.boolean() }),
  /** What was left out or changed on the way out, in words. */
  redacted: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type CollectionEntry = Manifest['collections'][number];

/** The archive's entry names. */
export const ENTRY = {
  tenant: 'tenant.json',
  manifest: 'manifest.json',
  chunk: (database: string, collection: string, n: number) => `data/${database}/${collection}/${String(n).padStart(6, '0')}.ndjson`,
  file: (id: string) => `files/${id}`,
  fileMeta: (id: string) => `files/${id}.json`,
};

export const CHUNK_PATTERN = /^data\/([a-z]+)\/([A-Za-z0-9_.-]+)\/(\d{6})\.ndjson$/;
export const FILE_PATTERN = /^files\/([a-f0-9]{24})(\.json)?$/;
