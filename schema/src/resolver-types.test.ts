import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_ROOT } from './subgraphs';

// The generated resolver types are what `pnpm check` type-checks every subgraph's resolvers against.
// These tests compile small resolver files against trucking's generated types with the repository's
// compiler options: a resolver that disagrees with the SDL must not compile, a correct one must.

const REPO_ROOT = path.resolve(SCHEMA_ROOT, '..');
const GENERATED = path.join(REPO_ROOT, 'subgraphs/trucking/src/generated/resolvers');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-resolver-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Diagnostic {
  line: number;
  column: number;
  message: string;
}

/** Type-checks `source` as fixture.ts; the exit code and each error with its position. */
function typecheck(name: string, source: string): { status: number | null; errors: Diagnostic[]; output: string } {
  const folder = path.join(dir, name);
  const project = path.join(folder, 'tsconfig.json');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'fixture.ts'), source);
  writeFileSync(
    project,
    JSON.stringify({
      extends: path.join(REPO_ROOT, 'tsconfig.base.json'),
      compilerOptions: { typeRoots: [path.join(REPO_ROOT, 'node_modules/@types')] },
      files: ['fixture.ts'],
    }),
  );
  const run = spawnSync(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  const errors = [...output.matchAll(/^.*fixture\.ts\((\d+),(\d+)\): error TS\d+: (.*)$/gm)].map((m) => ({
    line: Number(m[1]),
    column: Number(m[2]),
    message: m[3]!,
  }));
  return { status: run.status, errors, output };
}

/** The identifier at a 1-based line and column of `source`. */
const identifierAt = (source: string, { line, column }: Diagnostic): string => /^\w+/.exec(source.split('\n')[line - 1]!.slice(column - 1))?.[0] ?? '';

const header = `import { type Resolvers } from ${JSON.stringify(GENERATED)};\n`;

describe('resolver types generated from the SDL', () => {
  it('reject resolvers that disagree with the SDL, each error at the field', () => {
    const source = `${header}
// Vehicle.createdAt is String! (ISO 8601): a number is wrong.
export const wrongType = {
  Vehicle: {
    createdAt: (vehicle) => vehicle.createdAt.getTime(),
  },
} satisfies Resolvers;

// Vehicle.vin is String!: null is wrong.
export const nullForNonNull = {
  Vehicle: {
    vin: () => null,
  },
} satisfies Resolvers;

// Query.vehicle takes \`id\`, not \`vehicleId\`.
export const unknownArgument = {
  Query: {
    vehicle: (_parent, args, ctx) => ctx.loaders.byId(ctx.models.Vehicle).load(args.vehicleId),
  },
} satisfies Resolvers;
`;
    const result = typecheck('wrong', source);
    expect(result.status, result.output).not.toBe(0);
    expect(result.errors.map((e) => identifierAt(source, e)).sort(), result.output).toEqual(['createdAt', 'vehicleId', 'vin']);
    const at = (field: string) => result.errors.find((e) => identifierAt(source, e) === field)!.message;
    expect(at('createdAt')).toMatch(/=> number' is not assignable to type 'Resolver<ResolverTypeWrapper<string>/);
    expect(at('vin')).toMatch(/=> null' is not assignable to type 'Resolver<ResolverTypeWrapper<string>/);
    expect(at('vehicleId')).toMatch(/Property 'vehicleId' does not exist on type 'RequireFields<QueryVehicleArgs, "id">'/);
  }, 240_000);

  it('accept the same resolvers written to the SDL', () => {
    const source = `${header}
export const resolvers = {
  Vehicle: {
    createdAt: (vehicle) => vehicle.createdAt.toISOString(),
    vin: (vehicle) => vehicle.vin,
  },
  Query: {
    vehicle: (_parent, args, ctx) => ctx.loaders.byId(ctx.models.Vehicle).load(args.id),
  },
} satisfies Resolvers;
`;
    const result = typecheck('right', source);
    expect(result.errors).toEqual([]);
    expect(result.status, result.output).toBe(0);
  }, 240_000);
});
