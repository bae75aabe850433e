import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_SCHEMA_PATH, findBaseSchema } from './base';
import { compareSchemas } from './checks';

const V1 = 'type Query { vehicle(id: ID!): Vehicle }\ntype Vehicle { id: ID! vin: String! plate: String }\n';
const V2 = 'type Query { vehicle(id: ID!): Vehicle }\ntype Vehicle { id: ID! vin: String! plate: String unitNumber: String }\n';
const V3 = 'type Query { vehicle(id: ID!): Vehicle }\ntype Vehicle { id: ID! plate: String unitNumber: String }\n';

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repository with one commit per API schema version. */
function repoWith(...versions: string[]): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-base-'));
  repos.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '--quiet');
  mkdirSync(path.join(dir, 'schema'));
  versions.forEach((sdl, i) => {
    writeFileSync(path.join(dir, API_SCHEMA_PATH), sdl);
    git('add', '.');
    git('commit', '--quiet', '-m', `version ${i + 1}`);
  });
  return { dir, git };
}

describe('the breaking-change base', () => {
  it('is the previous commit by default, so a field removed in the latest commit is breaking', async () => {
    const { dir } = repoWith(V1, V2, V3);
    const base = findBaseSchema({ cwd: dir });
    expect(base).toEqual({ kind: 'found', label: 'HEAD~1', sdl: V2 });
    const changes = await compareSchemas(base.kind === 'found' ? base.sdl : '', V3);
    expect(changes.breaking).toEqual(["Vehicle.vin: Field 'vin' was removed from object type 'Vehicle'"]);
  });

  it('finds nothing breaking when the latest commit only adds', async () => {
    const { dir } = repoWith(V1, V2);
    const base = findBaseSchema({ cwd: dir });
    expect(base).toMatchObject({ kind: 'found', label: 'HEAD~1', sdl: V1 });
    expect((await compareSchemas(V1, V2)).breaking).toEqual([]);
  });

  it('is the latest release tag before HEAD when there is one', () => {
    const { dir, git } = repoWith(V1);
    git('tag', 'v1.0.0');
    writeFileSync(path.join(dir, API_SCHEMA_PATH), V2);
    git('commit', '--quiet', '-am', 'version 2');
    writeFileSync(path.join(dir, API_SCHEMA_PATH), V3);
    git('commit', '--quiet', '-am', 'version 3');
    expect(findBaseSchema({ cwd: dir })).toEqual({ kind: 'found', label: 'v1.0.0', sdl: V1 });
  });

  it('says so when HEAD has no parent', () => {
    const { dir } = repoWith(V1);
    expect(findBaseSchema({ cwd: dir })).toEqual({ kind: 'none', reason: 'HEAD has no parent commit (the first commit)' });
  });

  it('takes --base-ref over the default, and reports a ref that does not exist', () => {
    const { dir } = repoWith(V1, V2, V3);
    expect(findBaseSchema({ cwd: dir, baseRef: 'HEAD~2' })).toEqual({ kind: 'found', label: 'HEAD~2', sdl: V1 });
    expect(findBaseSchema({ cwd: dir, baseRef: 'no-such-branch' })).toEqual({ kind: 'none', reason: 'no-such-branch is not a commit here' });
  });
});
