import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Where the committed public API schema lives, relative to the repository. */
export const API_SCHEMA_PATH = 'schema/api-schema.graphql';
/** Tags that mark a release: the breaking-change check compares with the latest one when there is one. */
export const RELEASE_TAG_PATTERN = 'v[0-9]*';

export type BaseSchema =
  | { kind: 'found'; label: string; sdl: string }
  /** Nothing to compare with, and why (a first commit, a shallow clone, a base without the file). */
  | { kind: 'none'; reason: string };

export interface BaseOptions {
  /** The repository (any folder inside it). */
  cwd: string;
  baseFile?: string | undefined;
  baseRef?: string | undefined;
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** The latest release tag reachable from the parent of HEAD (so a release commit compares with the release before it). */
function lastReleaseTag(cwd: string): string | null {
  return git(cwd, ['describe', '--tags', '--abbrev=0', '--match', RELEASE_TAG_PATTERN, 'HEAD~1'])?.trim() || null;
}

/**
 * The API schema the current one must not break: `baseFile`, else `baseRef`, else the latest release
 * tag before HEAD, else the previous commit (HEAD~1). A HEAD without a parent has no base.
 */
export function findBaseSchema({ cwd, baseFile, baseRef }: BaseOptions): BaseSchema {
  if (baseFile) return { kind: 'found', label: baseFile, sdl: readFileSync(baseFile, 'utf8') };
  let ref = baseRef;
  if (!ref) {
    if (git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD~1']) === null) {
      const shallow = git(cwd, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
      return { kind: 'none', reason: `HEAD has no parent commit (${shallow ? 'a shallow clone' : 'the first commit'})` };
    }
    ref = lastReleaseTag(cwd) ?? 'HEAD~1';
  }
  if (git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) === null) return { kind: 'none', reason: `${ref} is not a commit here` };
  const sdl = git(cwd, ['show', `${ref}:${API_SCHEMA_PATH}`]);
  if (sdl === null) return { kind: 'none', reason: `${ref} has no ${API_SCHEMA_PATH}` };
  return { kind: 'found', label: ref, sdl };
}
