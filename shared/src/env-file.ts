import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

/** The folder holding pnpm-workspace.yaml at or above `from`, or undefined outside the repository. */
function workspaceRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * `env` with the values of a dotenv file's text added where `env` leaves them unset: a variable of
 * the environment always wins. An empty value in the file (`KEY=`, as `.env.example` leaves secrets)
 * counts as unset, so a copy of `.env.example` changes nothing. Pure.
 * @example withEnvFile(process.env, 'PORT=4100\n').PORT // '4100' unless PORT is exported
 */
export function withEnvFile(env: Record<string, string | undefined>, text: string): Record<string, string | undefined> {
  const merged = { ...env };
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (value !== '' && merged[key] === undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Fills `process.env` from the repository's `.env` (git-ignored; see `.env.example`), leaving every
 * variable the environment sets alone. The first thing a `main.ts` or script does, before anything
 * reads the environment. Outside a checkout (a deployed image) it reads `./.env` if there is one.
 * Returns the file it read, or undefined when there is none.
 */
export function loadEnvFile(from: string = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  const file = path.join(workspaceRoot(from) ?? process.cwd(), '.env');
  if (!existsSync(file)) return undefined;
  const merged = withEnvFile(process.env, readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && process.env[key] === undefined) process.env[key] = value;
  return file;
}
