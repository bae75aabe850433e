import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';
import { parse as parseYaml } from 'yaml';

export const CLIENT_OUTPUT = 'client/generated/';

/**
 * Generates the typed client (graphql-codegen client preset: TypedDocumentString per operation)
 * from the API schema SDL and the operation documents. Returns files relative to schema/, unwritten.
 */
export async function generateClient(schemaRoot: string, apiSdl: string, documentGlobs: string[]): Promise<{ path: string; content: string }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-codegen-'));
  const schemaFile = path.join(dir, 'api-schema.graphql');
  writeFileSync(schemaFile, apiSdl);
  const cwd = process.cwd();
  try {
    process.chdir(schemaRoot);
    const outputs = await generate(
      {
        schema: schemaFile,
        documents: documentGlobs,
        silent: true,
        generates: {
          [CLIENT_OUTPUT]: {
            preset: 'client',
            // persistedDocuments: the manifest of every operation (hash → document) the gateway registers.
            presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
            config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true, scalars: { JSON: 'unknown' } },
          },
        },
      },
      false,
    );
    return outputs.map((o: { filename: string; content: string }) => ({ path: path.relative(schemaRoot, path.resolve(schemaRoot, o.filename)), content: o.content }));
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each subgraph's resolver-types config, in graphql-codegen's format, paths relative to the subgraph. */
export const RESOLVER_CODEGEN_CONFIG = 'codegen.yml';

/**
 * Generates a subgraph's resolver types (graphql-codegen `typescript` + `typescript-resolvers`, as its
 * codegen.yml says: federation, context type, mappers to the lean documents) from its SDL file.
 * Returns files relative to schema/, unwritten.
 */
export async function generateResolverTypes(schemaRoot: string, packageDir: string): Promise<{ path: string; content: string }[]> {
  const config = parseYaml(readFileSync(path.join(packageDir, RESOLVER_CODEGEN_CONFIG), 'utf8')) as CodegenConfig;
  const cwd = process.cwd();
  try {
    process.chdir(packageDir);
    // The plugins are schema/'s dependencies: load them from here, not from the subgraph.
    const outputs = await generate({ ...config, silent: true, pluginLoader: (name: string) => import(name) }, false);
    return outputs.map((o: { filename: string; content: string }) => ({
      path: path.relative(schemaRoot, path.resolve(packageDir, o.filename)),
      content: o.content,
    }));
  } finally {
    process.chdir(cwd);
  }
}
