import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, subgraphBaseEnv } from './config';
import { generateInternalContextKeys } from './internal-context';
import { loadEnvFile, withEnvFile } from './env-file';

describe('withEnvFile', () => {
  it('adds what the environment leaves unset; the environment wins', () => {
    const text = '# comment\nHOST=0.0.0.0\nLOG_LEVEL="debug"\nexport PORT=4100\n';
    expect(withEnvFile({ HOST: '127.0.0.2' }, text)).toEqual({ HOST: '127.0.0.2', LOG_LEVEL: 'debug', PORT: '4100' });
  });

  it('treats an empty value in the file as unset, so a copy of .env.example changes nothing', () => {
    expect(withEnvFile({}, 'INTERNAL_CONTEXT_PUBLIC_KEYS=\nREDIS_URL=\n')).toEqual({});
  });
});

describe('loadEnvFile', () => {
  const saved = { ...process.env };
  const dirs: string[] = [];
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A workspace like this repository: pnpm-workspace.yaml and .env at the root, code in a package folder. */
  function workspace(envText: string): string {
    const root = mkdtempSync(path.join(tmpdir(), 'env-file-'));
    dirs.push(root);
    writeFileSync(path.join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    writeFileSync(path.join(root, '.env'), envText);
    mkdirSync(path.join(root, 'subgraphs', 'core', 'src'), { recursive: true });
    return root;
  }

  it("reads the workspace root's .env from a package folder, and its values reach the loaded config", () => {
    const { publicKey } = generateInternalContextKeys();
    const root = workspace(`MONGODB_DB_PREFIX=from-dotenv\nLOG_LEVEL=debug\nINTERNAL_CONTEXT_PUBLIC_KEYS=${publicKey}\n`);
    delete process.env['MONGODB_DB_PREFIX'];
    delete process.env['INTERNAL_CONTEXT_PUBLIC_KEYS'];
    process.env['LOG_LEVEL'] = 'warn';

    expect(loadEnvFile(path.join(root, 'subgraphs', 'core', 'src'))).toBe(path.join(root, '.env'));
    const config = loadConfig(z.object(subgraphBaseEnv), process.env);

    expect(config.MONGODB_DB_PREFIX).toBe('from-dotenv');
    // A one-line JWK, quotes and all, comes through the file unchanged.
    expect(config.INTERNAL_CONTEXT_PUBLIC_KEYS).toBe(publicKey);
    expect(config.LOG_LEVEL).toBe('warn');
  });

  it('changes nothing when the workspace has no .env', () => {
    const root = workspace('');
    rmSync(path.join(root, '.env'));
    const before = { ...process.env };
    expect(loadEnvFile(root)).toBeUndefined();
    expect(process.env).toEqual(before);
  });
});
