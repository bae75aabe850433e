import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { SUBGRAPHS } from './subgraphs';

export const SUPERGRAPH_FILE = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/** Composes the supergraph from the subgraphs' SDL; the errors of composition, or the SDL. */
export function composeSupergraph(): { errors: string[]; supergraphSdl?: string } {
  const result = composeServices(SUBGRAPHS);
  if (result.errors) return { errors: result.errors.map((e) => `${e.extensions['code'] ?? 'ERROR'}: ${e.message}`) };
  return { errors: [], supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}

function main(): void {
  const check = process.argv.includes('--check');
  const { errors, supergraphSdl } = composeSupergraph();
  if (!supergraphSdl) {
    console.error(`Composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  if (check) {
    const committed = existsSync(SUPERGRAPH_FILE) ? readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
    if (committed !== supergraphSdl) {
      console.error('schema/supergraph.graphql is stale: run `pnpm compose` and commit the result.');
      process.exit(1);
    }
    console.log('supergraph.graphql is up to date');
    return;
  }
  writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
  console.log(`wrote ${SUPERGRAPH_FILE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
