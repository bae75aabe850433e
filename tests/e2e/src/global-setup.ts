// vitest globalSetup of the system test suites, after the database's (shared/src/testing/global-setup):
// the internal-context key pair of the run and the three subgraphs, started once for every file of
// the package as processes of their own. Each file still starts its own gateway (with its own clock
// and environment) in front of them; files use fresh tenants, so sharing the subgraphs is safe.
import type { TestProject } from 'vitest/node';
import { generateInternalContextKeys } from '@attunelogic/shared';
import { DOCUMENTS_DIR, startSubgraphs, type SubgraphName, type SubgraphSet } from './subgraph-processes';

declare module 'vitest' {
  export interface ProvidedContext {
    internalContextKeys: { privateKey: string; publicKey: string };
    subgraphUrls: Record<SubgraphName, string>;
    /** Where the shared subgraphs keep documents (an operator's command that reaches files needs it). */
    documentsDir: string;
  }
}

let subgraphs: SubgraphSet | undefined;

export async function setup(project: TestProject): Promise<void> {
  const { privateKey, publicKey } = generateInternalContextKeys();
  project.provide('internalContextKeys', { privateKey, publicKey });
  subgraphs = await startSubgraphs({ mongodbUri: project.getProvidedContext().mongodbUri, publicKey });
  project.provide('subgraphUrls', { ...subgraphs.urls });
  project.provide('documentsDir', DOCUMENTS_DIR);
}

export async function teardown(): Promise<void> {
  await subgraphs?.stop();
}
