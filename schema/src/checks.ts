import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';

export interface Artifact {
  /** Path relative to schema/. */
  path: string;
  expected: string;
  committed: string | null;
}

/** The committed artifacts that differ from what the subgraphs produce now. */
export const staleArtifacts = (artifacts: Artifact[]): string[] => artifacts.filter((a) => a.committed !== a.expected).map((a) => a.path);

export interface SchemaChanges {
  breaking: string[];
  dangerous: string[];
  safe: number;
}

const describe = (change: Change): string => `${change.path ?? ''}: ${change.message}`.replace(/^: /, '');

/** Changes from the base API schema to the current one, by criticality (graphql-inspector). */
export async function compareSchemas(base: GraphQLSchema | string, current: GraphQLSchema | string): Promise<SchemaChanges> {
  const asSchema = (s: GraphQLSchema | string) => (typeof s === 'string' ? buildSchema(s) : s);
  const changes = await diff(asSchema(base), asSchema(current));
  return {
    breaking: changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking).map(describe),
    dangerous: changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous).map(describe),
    safe: changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking).length,
  };
}

export interface OperationDocument {
  path: string;
  source: string;
}

/** Every problem of the client operations against the API schema, as `file: message`. */
export function validateOperations(schema: GraphQLSchema, documents: OperationDocument[]): string[] {
  const problems: string[] = [];
  for (const doc of documents) {
    try {
      for (const error of validate(schema, parse(doc.source))) problems.push(`${doc.path}: ${error.message}`);
    } catch (error) {
      problems.push(`${doc.path}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** `.graphql` operation documents under the given folders (missing folders are skipped). */
export function findOperationDocuments(root: string, folders: string[]): OperationDocument[] {
  const found: OperationDocument[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules' || entry === 'dist' || entry === 'generated') continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.graphql')) found.push({ path: path.relative(root, full), source: readFileSync(full, 'utf8') });
    }
  };
  for (const folder of folders) walk(path.join(root, folder));
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
