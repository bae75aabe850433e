// The side channel between the gateway and the subgraphs, as someone on that network sees it: they
// can read the internal contexts the gateway sends (a pass-through in front of core keeps them) and
// the public key every subgraph holds, and they can reach every subgraph. Forged contexts (no key,
// another key, the public key as an HMAC secret, `none`, tampered claims, another subgraph's
// context) and replayed ones (a captured context sent again, alone or many at once) are all refused
// with 401, and none returns data.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { generateInternalContextKeys, INTERNAL_CONTEXT_HEADER, internalContextKey, signInternalContext } from '@attunelogic/shared';
import { startRecordingProxy, type RecordingProxy } from '@attunelogic/e2e-tests/recording-proxy';
import { freshTenant, INTERNAL_CONTEXT_KEYS, post, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { type Tenant } from './support/seed';
import { record } from './support/summary';

const SUBGRAPHS = ['core', 'trucking', 'service'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];
/** A query each subgraph answers with the tenant's data when the context passes. */
const PROBES: Record<Subgraph, string[]> = {
  core: ['{ me { id email } }', '{ _service { sdl } }'],
  trucking: ['{ vehicles { totalCount } }', '{ _service { sdl } }'],
  service: ['{ workOrders { totalCount } }', '{ _service { sdl } }'],
};

let stack: Stack;
let proxy: RecordingProxy;
let victim: Tenant;

beforeAll(async () => {
  proxy = await startRecordingProxy();
  stack = await startStack({ gatewayEnv: { SUBGRAPH_CORE_URL: proxy.url } });
  proxy.target = stack.subgraphUrls.core;
  victim = await freshTenant(stack, 'trucking');
});

afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

interface Outcome {
  status: number;
  leak: boolean;
}

async function send(subgraph: Subgraph, query: string, context: string | undefined): Promise<Outcome> {
  const res = await fetch(stack.subgraphUrls[subgraph], {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(context === undefined ? {} : { [INTERNAL_CONTEXT_HEADER]: context }) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: unknown };
  return { status: res.status, leak: body.data !== undefined && body.data !== null };
}

/** Contexts the gateway really sent to core for the victim's owner, captured on the way. */
async function capture(count: number): Promise<string[]> {
  proxy.contexts.length = 0;
  const token = await tokenFor(victim);
  for (let i = 0; i < count; i++) {
    const res = await post<{ me: { id: string } }>(stack, { query: '{ me { id } }', token });
    expect(res.body.data?.me.id).toBe(victim.users[0]!.id);
  }
  expect(proxy.contexts).toHaveLength(count);
  return [...proxy.contexts];
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString()) as Record<string, unknown>;
const hmac = (header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | Buffer): string => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

describe('forged internal contexts', () => {
  it('are refused by every subgraph with 401, and none returns data', async () => {
    const [captured] = await capture(1);
    const claims = claimsOf(captured!);
    const publicJwk = JSON.parse(INTERNAL_CONTEXT_KEYS.publicKey) as { x: string; kid: string };
    const attacker = internalContextKey(generateInternalContextKeys().privateKey);
    const tenant = {
      tenantId: String(claims['tid']),
      slug: String(claims['slug']),
      appType: 'trucking' as const,
      userId: String(claims['sub']),
      roles: ['owner'],
      flags: claims['flags'] as Record<string, boolean>,
      settings: {},
      requestId: 'forged',
    };
    const fresh = (audience: Subgraph) => ({
      ...claims,
      aud: audience,
      jti: crypto.randomUUID(),
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 30,
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cases = (audience: Subgraph): [string, () => Promise<string | undefined> | string | undefined][] => [
      ['no context', () => undefined],
      ['an empty context', () => ''],
      ['not a JWT', () => 'forged'],
      ['signed with an attacker key', () => signInternalContext(attacker, audience, tenant)],
      ["an attacker key under the gateway's key id", () => signInternalContext({ ...attacker, kid: publicJwk.kid }, audience, tenant)],
      ['HS256 with the public JWK as the secret', () => hmac({ alg: 'HS256', typ: 'JWT', kid: publicJwk.kid }, fresh(audience), INTERNAL_CONTEXT_KEYS.publicKey)],
      [
        'HS256 with the raw public key as the secret',
        () => hmac({ alg: 'HS256', typ: 'JWT', kid: publicJwk.kid }, fresh(audience), Buffer.from(publicJwk.x, 'base64url')),
      ],
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT', kid: publicJwk.kid })}.${b64(fresh(audience))}.`],
      ['alg none, signature kept', () => `${b64({ alg: 'none', kid: publicJwk.kid })}.${b64(fresh(audience))}.${parts(captured!)[2]}`],
      ['RS256 with an attacker key', () => new SignJWT(fresh(audience)).setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid }).sign(rsa)],
      [
        'claims changed (another tenant, admin), signature kept',
        () => `${parts(captured!)[0]}.${b64({ ...claims, tid: '0'.repeat(24), roles: ['owner', 'admin'], aud: audience })}.${parts(captured!)[2]}`,
      ],
      ['the header changed (another key id), signature kept', () => `${b64({ alg: 'EdDSA', typ: 'JWT', kid: 'other' })}.${parts(captured!)[1]}.${parts(captured!)[2]}`],
      ["core's real context, sent to another subgraph", () => (audience === 'core' ? undefined : captured)],
    ];
    const failures: string[] = [];
    let count = 0;
    let leaks = 0;
    let fiveXX = 0;
    for (const subgraph of SUBGRAPHS) {
      for (const [name, make] of cases(subgraph)) {
        const context = await make();
        for (const query of PROBES[subgraph]) {
          const outcome = await send(subgraph, query, context);
          count += 1;
          if (outcome.leak) leaks += 1;
          if (outcome.status >= 500) fiveXX += 1;
          if (outcome.status !== 401 || outcome.leak) failures.push(`${subgraph} ${name} ${query}: HTTP ${outcome.status}${outcome.leak ? ', data returned' : ''}`);
        }
      }
    }
    record('forged-context', { cases: count, unexpected: failures.length, leaks, fiveXX });
    expect(failures).toEqual([]);
  });
});

describe('replayed internal contexts', () => {
  it('a captured context is refused when sent again: alone, many at once, or after the gateway used it', async () => {
    const captured = await capture(20);
    const outcomes: Outcome[] = [];
    // Each one the gateway already used: every replay is refused.
    for (const context of captured.slice(0, 10)) outcomes.push(await send('core', PROBES.core[0]!, context));
    // Ten copies of one at once: not one slips through while another is being checked.
    outcomes.push(...(await Promise.all(Array.from({ length: 10 }, () => send('core', PROBES.core[0]!, captured[10])))));
    // Every remaining one, each twice at once.
    for (const context of captured.slice(11)) outcomes.push(...(await Promise.all([send('core', PROBES.core[0]!, context), send('core', PROBES.core[1]!, context)])));
    const unexpected = outcomes.filter((o) => o.status !== 401 || o.leak).length;
    record('replayed-context', {
      cases: outcomes.length,
      unexpected,
      leaks: outcomes.filter((o) => o.leak).length,
      fiveXX: outcomes.filter((o) => o.status >= 500).length,
    });
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 401));
    expect(unexpected).toBe(0);
  });

  it('the gateway itself keeps working: its next request gets new contexts, all accepted', async () => {
    const fresh = await capture(3);
    expect(new Set(fresh.map((context) => claimsOf(context)['jti'])).size).toBe(3);
    record('replayed-context', { cases: 3 });
  });
});
