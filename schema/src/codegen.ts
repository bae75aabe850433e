import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';

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
            presetConfig: { fragmentMasking: false },
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
