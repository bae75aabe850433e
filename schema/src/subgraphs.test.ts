import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { assembleSubgraphSdl, compositionVersion, loadSubgraphs, readSupergraphConfig } from './subgraphs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'attunelogic-subgraphs-'));
  dirs.push(dir);
  return dir;
};
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('per-subgraph SDL files', () => {
  it("are committed as assembled from each subgraph's feature files, and the config names the composing federation version", () => {
    const config = readSupergraphConfig();
    expect(config.subgraphs.map((s) => s.name)).toEqual(['core', 'trucking', 'service']);
    expect(config.federationVersion).toBe(`=${compositionVersion()}`);
    for (const subgraph of config.subgraphs) expect(readFileSync(subgraph.schemaPath, 'utf8'), subgraph.schemaFile).toBe(assembleSubgraphSdl(subgraph));
    expect(loadSubgraphs(config).map((s) => [s.name, s.url])).toEqual([
      ['core', 'http://127.0.0.1:4001/graphql'],
      ['trucking', 'http://127.0.0.1:4002/graphql'],
      ['service', 'http://127.0.0.1:4003/graphql'],
    ]);
  });

  it('take src/schema.graphql first, the shared PageInfo, then every feature file by path, and nothing from generated/', () => {
    const dir = tempDir();
    write(path.join(dir, 'src/schema.graphql'), 'type Query\n');
    write(path.join(dir, 'src/zones/zones.graphql'), 'extend type Query { zones: [String!]! }\n');
    write(path.join(dir, 'src/assets/assets.graphql'), 'extend type Query { assets: [String!]! }\n');
    write(path.join(dir, 'src/generated/stale.graphql'), 'extend type Query { stale: Int }\n');
    const sdl = assembleSubgraphSdl({ name: 'demo', packageDir: dir });
    const sources = [...sdl.matchAll(/^# --- (.+)$/gm)].map((m) => m[1]);
    expect(sources).toEqual(['src/schema.graphql', '@attunelogic/shared PAGE_INFO_SDL', 'src/assets/assets.graphql', 'src/zones/zones.graphql']);
    expect(sdl).not.toMatch(/stale/);
    expect(sdl).toMatch(/^type PageInfo @shareable \{$/m);
    expect(() => parse(sdl)).not.toThrow();
  });

  it('refuse a subgraph without its src/schema.graphql', () => {
    const dir = tempDir();
    write(path.join(dir, 'src/a/a.graphql'), 'type A { id: ID }\n');
    expect(() => assembleSubgraphSdl({ name: 'demo', packageDir: dir })).toThrow(/demo: .*schema\.graphql is missing/);
  });

  it('come from a config whose every problem is reported at once', () => {
    const file = path.join(tempDir(), 'supergraph.yaml');
    write(
      file,
      'federation_version: latest\nsubgraphs:\n  a:\n    routing_url: not a url\n    schema:\n      file: a.graphql\n  b:\n    routing_url: http://127.0.0.1:1/graphql\n    schema: {}\n',
    );
    expect(() => readSupergraphConfig(file)).toThrow(
      'supergraph.yaml is invalid:\n    federation_version: a version such as =2.14.4\n    subgraphs.a.routing_url: a URL\n    subgraphs.b.schema.file: a .graphql file',
    );
  });
});
