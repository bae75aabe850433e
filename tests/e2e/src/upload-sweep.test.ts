// The sweep of uploads never attached, as an operator runs it: `sweep-uploads` of the trucking
// subgraph, a process of its own on the run's database, removes the uploads older than a day that no
// document names, keeps the named and the recent ones, and says what it did.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStorage, PNG, storageKey } from '@attunelogic/shared/documents';
import { tenantScope } from '@attunelogic/shared/mongo';
import { freshTenant, startStack, type Stack } from './stack';
import { insertDocuments, runSubgraphCommand } from './subgraph-commands';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

const HOUR = 3_600_000;
/** An ObjectId made `hoursAgo`: its first four bytes are its time, the rest keeps it unique. */
const idOf = (hoursAgo: number) => Math.floor((Date.now() - hoursAgo * HOUR) / 1000).toString(16) + new mongoose.Types.ObjectId().toHexString().slice(8);

describe('sweep-uploads', () => {
  it('removes the unattached uploads older than a day and keeps the attached and the recent', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-sweep-'));
    const storage = localStorage(dir);
    const [named, loose, recent] = [idOf(30), idOf(26), idOf(1)];
    for (const id of [named, loose, recent])
      await storage.put(storageKey(tenant.id, id), PNG, { contentType: 'image/png', size: PNG.length, sha256: 'x', owner: 'trucking' });
    await insertDocuments(stack.mongodbUri, 'trucking', [
      {
        model: 'Document',
        docs: [
          {
            ...tenantScope({ tenantId: tenant.id }),
            kind: 'pod',
            load: new mongoose.Types.ObjectId(),
            name: 'POD',
            upload: named,
            contentType: 'image/png',
            size: PNG.length,
            sha256: 'x',
            createdBy: new mongoose.Types.ObjectId(tenant.users[0]!.id),
          },
        ],
      },
    ]);

    const env = { DOCUMENT_LINK_SECRET: 'e2e-sweep-link-secret-0123456789abcdef', DOCUMENT_STORAGE_DIR: dir };
    const said = await runSubgraphCommand('trucking', 'src/sweep-uploads-main.ts', { uri: stack.mongodbUri, env });
    expect(said.trim()).toBe('3 stored files looked at, 1 unattached upload older than a day removed');
    expect(await Promise.all([named, loose, recent].map(async (id) => (await storage.head(storageKey(tenant.id, id))) !== null))).toEqual([true, false, true]);
  });
});
