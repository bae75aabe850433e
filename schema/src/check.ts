import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { findBaseSchema } from './base';
import { compareSchemas, findOperationDocuments, staleArtifacts, validateOperations, type Artifact } from './checks';
import { CLIENT_OUTPUT, generateClient, generateResolverTypes } from './codegen';
import { composeAll } from './compose';
import { assembleSubgraphSdl, compositionVersion, loadSubgraphs, readSupergraphConfig, SCHEMA_ROOT } from './subgraphs';

export { SCHEMA_ROOT };

const REPO_ROOT = path.resolve(SCHEMA_ROOT, '..');
/** Folders whose `.graphql` files are client operations (relative to the repository). */
const OPERATION_FOLDERS = ['schema/client/operations', 'apps'];
const CLIENT_DOCUMENTS = ['client/operations/**/*.graphql'];

const option = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const read = (relative: string): string | null => {
  const file = path.join(SCHEMA_ROOT, relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
};

function writeArtifacts(artifacts: Artifact[]): void {
  for (const artifact of artifacts) {
    const file = path.join(SCHEMA_ROOT, artifact.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, artifact.expected);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const failures: string[] = [];

  // (a) each subgraph's SDL file, assembled from its feature .graphql files, then composition of those files
  const config = readSupergraphConfig();
  const federation = compositionVersion();
  if (config.federationVersion.replace(/^=/, '') !== federation) {
    failures.push(`supergraph.yaml says federation_version ${config.federationVersion}, but @apollo/composition ${federation} composes here`);
  }
  const subgraphSdl: Artifact[] = config.subgraphs.map((s) => ({
    path: path.relative(SCHEMA_ROOT, s.schemaPath),
    expected: assembleSubgraphSdl(s),
    committed: read(path.relative(SCHEMA_ROOT, s.schemaPath)),
  }));
  if (write) writeArtifacts(subgraphSdl);

  const composed = composeAll(loadSubgraphs(config));
  if (!composed.ok) {
    console.error(`✗ composition failed:\n${composed.errors.map((e) => `    ${e}`).join('\n')}`);
    process.exit(1);
  }
  const { schemas } = composed;
  console.log(`✓ the subgraphs compose (${config.subgraphs.map((s) => s.schemaFile).join(', ')})`);

  const generated = await generateClient(SCHEMA_ROOT, schemas.api, CLIENT_DOCUMENTS);
  // Each subgraph's resolver types, from its SDL file (written above in --write) and its codegen.yml;
  // one at a time, since codegen runs in the subgraph's folder.
  const resolverTypes: { path: string; content: string }[] = [];
  for (const subgraph of config.subgraphs) resolverTypes.push(...(await generateResolverTypes(SCHEMA_ROOT, subgraph.packageDir)));
  const artifacts: Artifact[] = [
    ...subgraphSdl,
    { path: 'supergraph.graphql', expected: schemas.supergraph, committed: read('supergraph.graphql') },
    { path: 'api-schema.graphql', expected: schemas.api, committed: read('api-schema.graphql') },
    ...Object.entries(schemas.industries).map(([industry, sdl]) => ({ path: `api/${industry}.graphql`, expected: sdl, committed: read(`api/${industry}.graphql`) })),
    ...generated.map((file) => ({ path: file.path, expected: file.content, committed: read(file.path) })),
    ...resolverTypes.map((file) => ({ path: file.path, expected: file.content, committed: read(file.path) })),
  ];

  if (write) {
    writeArtifacts(artifacts);
    console.log(`✓ wrote ${artifacts.map((a) => a.path).join(', ')}`);
  } else {
    // (b) drift of the committed supergraph, API schemas and generated client
    const stale = staleArtifacts(artifacts);
    if (stale.length) failures.push(`stale, run \`pnpm compose\` and commit: ${stale.join(', ')}`);
    else
      console.log(`✓ committed artifacts are current (${artifacts.length} files: subgraph SDL and resolver types, supergraph, API schemas, client in ${CLIENT_OUTPUT})`);
  }

  // (c) breaking changes against the last release or the previous commit (or --base-ref / --base-file)
  const baseRef = option(args, '--base-ref') ?? process.env['SCHEMA_BASE_REF'];
  const baseFile = option(args, '--base-file');
  const base = findBaseSchema({ cwd: REPO_ROOT, baseRef, baseFile });
  if (base.kind === 'found') {
    const changes = await compareSchemas(base.sdl, schemas.api);
    for (const d of changes.dangerous) console.warn(`  ⚠ dangerous: ${d}`);
    if (changes.breaking.length) failures.push(`breaking changes against ${base.label}:\n${changes.breaking.map((b) => `    ${b}`).join('\n')}`);
    else console.log(`✓ no breaking changes against ${base.label} (${changes.dangerous.length} dangerous, ${changes.safe} safe)`);
  } else if (baseRef) {
    failures.push(`no base schema at ${baseRef}: ${base.reason}`);
  } else {
    console.log(`- no breaking-change check: ${base.reason}; pass --base-ref or --base-file`);
  }

  // (d) every client operation in the repository validates against the API schema
  const documents = findOperationDocuments(REPO_ROOT, OPERATION_FOLDERS);
  const problems = validateOperations(buildSchema(schemas.api), documents);
  if (problems.length) failures.push(`invalid client operations:\n${problems.map((p) => `    ${p}`).join('\n')}`);
  else console.log(`✓ ${documents.length} client operation documents are valid`);

  if (failures.length) {
    for (const f of failures) console.error(`✗ ${f}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
