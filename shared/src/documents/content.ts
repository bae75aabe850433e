import { fileTypeFromBuffer } from 'file-type';

/** What a document may be, by its content: PDF and the three image formats a phone or scanner produces. SVG and HTML never (they run script). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

const allowed = new Set<string>(DOCUMENT_CONTENT_TYPES);

/**
 * The type of `bytes` read from the bytes themselves (their magic numbers, through `file-type`),
 * never from a name or a header the client sent; null for anything but an allowed type.
 * @example await sniffContentType(bytes) // 'image/jpeg'
 */
export async function sniffContentType(bytes: Uint8Array): Promise<DocumentContentType | null> {
  const detected = await fileTypeFromBuffer(bytes);
  return detected && allowed.has(detected.mime) ? (detected.mime as DocumentContentType) : null;
}
