import { z } from 'zod';

/**
 * The environment of a subgraph that keeps documents (trucking, service): where the bytes go, how
 * large one may be, and the key and lifetime of download links. Spread into the subgraph's env schema.
 */
export const documentsEnv = {
  /** local: files under DOCUMENT_STORAGE_DIR (the embedded default); s3: an S3-compatible bucket. */
  DOCUMENT_STORAGE: z.enum(['local', 's3']).default('local'),
  DOCUMENT_STORAGE_DIR: z.string().min(1).default('.data/documents'),
  DOCUMENT_S3_BUCKET: z.string().min(1).optional(),
  DOCUMENT_S3_REGION: z.string().min(1).default('us-east-1'),
  DOCUMENT_S3_ENDPOINT: z.url().optional(),
  DOCUMENT_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  DOCUMENT_S3_PREFIX: z.string().default(''),
  /** The largest document accepted, in bytes (the gateway refuses larger bodies before reading them). */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1_024).max(50_000_000).default(10_000_000),
  /** The HMAC key of download links (>= 32 characters); unset, documents are switched off. */
  DOCUMENT_LINK_SECRET: z.string().min(32).optional(),
  /** How long a download link works. */
  DOCUMENT_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(3_600).default(300),
};

/** The documents keys, defaults filled in (what `z.object(documentsEnv).parse(env)` gives). */
export type DocumentsConfig = z.infer<z.ZodObject<typeof documentsEnv>>;
