import { createReadStream } from 'node:fs';
import { type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';

// The archive is a gzipped tar, written and read as a stream: `tenant.json` first, then the data
// in chunks (`data/<database>/<collection>/<n>.ndjson`), the files (`files/<id>` and their meta),
// and `manifest.json` last, when every count and checksum is known.

/** A tar.gz being written to `out`; entries are added one at a time, `close` finishes it. */
export class ArchiveWriter {
  readonly #pack = tar.pack();
  readonly #done: Promise<void>;

  constructor(out: Writable) {
    this.#done = pipeline(this.#pack, createGzip(), out);
    // Surfaced by `close`; kept from being an unhandled rejection meanwhile.
    this.#done.catch(() => undefined);
  }

  add(name: string, content: string | Buffer): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    return new Promise((resolve, reject) => this.#pack.entry({ name, size: bytes.length, mtime: new Date(0) }, bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** One entry of `size` bytes streamed from `body` (a stored file). */
  async addStream(name: string, size: number, body: NodeJS.ReadableStream): Promise<void> {
    await pipeline(body, this.#pack.entry({ name, size, mtime: new Date(0) }));
  }

  async close(): Promise<void> {
    this.#pack.finalize();
    await this.#done;
  }

  /** Ends the archive unfinished (an export that failed half way). */
  abort(error: Error): void {
    this.#pack.destroy(error);
  }
}

export interface ArchiveEntry {
  readonly name: string;
  readonly size: number;
  /** The entry's bytes (entries are small chunks; a stored file is at most the documents' size limit). */
  bytes(): Promise<Buffer>;
}

/** Every entry of the archive at `path`, in order. A name outside the format's is refused by the caller. */
export async function* readArchive(path: string): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  const reading = pipeline(createReadStream(path), createGunzip(), extract);
  reading.catch(() => undefined);
  try {
    for await (const entry of extract) {
      let consumed = false;
      const collect = async (): Promise<Buffer> => {
        consumed = true;
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      };
      yield { name: entry.header.name, size: entry.header.size ?? 0, bytes: collect };
      if (!consumed) entry.resume();
    }
    await reading;
  } finally {
    extract.destroy();
  }
}
