import type { TestProject } from 'vitest/node';
import { startFerretDB, type RunningDatabase } from '../mongo/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

let database: RunningDatabase | undefined;

/**
 * vitest globalSetup: tests run against a real database server. `MONGODB_URI` names one; otherwise
 * a private FerretDB is started for this run on a free port, on its own PostgreSQL cluster in a
 * temporary folder (free port too, no fsync), which `teardown` stops and removes.
 */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env['MONGODB_URI'];
  if (external) {
    project.provide('mongodbUri', external);
    return;
  }
  database = await startFerretDB();
  project.provide('mongodbUri', database.uri);
}

export async function teardown(): Promise<void> {
  await database?.stop();
}
