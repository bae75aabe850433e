// Bad tokens through the real gateway, in both key modes: development (HS256 secret) and production
// (RS256 from a JWKS URL, served here by a local identity provider). Every one is refused with 401 and
// the very same bytes, and the gateway fetches nothing a token points at: the jku/x5u URLs below are a
// local listener that must not receive a single request.
import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { freshTenant, JWT_SECRET, startStack, type Stack } from '@attunelogic/e2e-tests/stack';
import { rawHttp, requestHead } from './support/client';
import { startListener, type Listener } from './support/listener';
import { type Tenant } from './support/seed';
import { record } from './support/summary';

type Mode = 'hs256' | 'jwks';
interface Case {
  readonly name: string;
  readonly mode: Mode;
  /** The Authorization header: absent, one value, or several header lines. */
  readonly authorization: () => Promise<string | string[] | undefined>;
}

let hs: Stack;
let jwks: Stack;
let tenant: Tenant;
let other: Tenant;
let idp: Listener;
let attacker: Listener;
let legit: { privateKey: CryptoKey; publicKey: CryptoKey; jwk: JWK; pem: string };
let evil: { privateKey: CryptoKey; jwk: JWK };
let evilEc: CryptoKey;
const KID = 'legit-key-1';

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims a valid token of the tenant's owner carries; a refusal below is never about them unless the case says so. */
const claims = (overrides: JWTPayload = {}, omit: string[] = []): JWTPayload => {
  const payload: JWTPayload = {
    sub: tenant.users[0]!.id,
    tenant: tenant.slug,
    iss: 'attunelogic',
    aud: 'attunelogic-api',
    iat: nowSeconds() - 5,
    exp: nowSeconds() + 600,
    ...overrides,
  };
  for (const key of omit) delete payload[key];
  return payload;
};

/** An HMAC-SHA256 token with any header and any key (an empty one too, which jose refuses to use). */
const hmacToken = (header: Record<string, unknown>, payload: JWTPayload, key: string | Buffer): string => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
};
const hsValid = (payload: JWTPayload = claims(), header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) => hmacToken(header, payload, JWT_SECRET);
const signed = (header: JWTHeaderParameters, payload: JWTPayload, key: CryptoKey): Promise<string> => new SignJWT(payload).setProtectedHeader(header).sign(key);
const bearer = (token: string) => `Bearer ${token}`;
const unsigned = (alg: string) => `${b64({ alg, typ: 'JWT' })}.${b64(claims())}.`;

/** Replaces one character in the middle of a token part, so the decoded bytes really change. */
const flip = (part: string): string => {
  const i = Math.floor(part.length / 2);
  return `${part.slice(0, i)}${part[i] === 'A' ? 'B' : 'A'}${part.slice(i + 1)}`;
};

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  legit = { ...pair, jwk: { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }, pem: await exportSPKI(pair.publicKey) };
  const evilPair = await generateKeyPair('RS256', { extractable: true });
  evil = { privateKey: evilPair.privateKey, jwk: { ...(await exportJWK(evilPair.publicKey)), kid: 'attacker', alg: 'RS256' } };
  evilEc = (await generateKeyPair('ES256', { extractable: true })).privateKey;
  idp = await startListener((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [legit.jwk] }));
  });
  // Serves the attacker's key everywhere, so a gateway that followed a header would find a match.
  attacker = await startListener((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [evil.jwk] }));
  });
  [hs, jwks] = await Promise.all([startStack(), startStack({ gatewayEnv: { JWT_JWKS_URL: `${idp.url}/.well-known/jwks.json` } })]);
  [tenant, other] = await Promise.all([freshTenant(hs, 'trucking'), freshTenant(hs, 'trucking')]);
});

afterAll(async () => {
  await Promise.all([hs?.stop(), jwks?.stop(), idp?.close(), attacker?.close()]);
});

const ME = JSON.stringify({ query: '{ me { id } }' });

/** Sends `{ me { id } }` with the given Authorization header line(s), as raw bytes. */
async function send(mode: Mode, authorization: string | string[] | undefined): Promise<{ status: number; text: string }> {
  const stack = mode === 'hs256' ? hs : jwks;
  const lines = authorization === undefined ? [] : (Array.isArray(authorization) ? authorization : [authorization]).map((value) => `authorization: ${value}`);
  return rawHttp(stack, 'tokens', requestHead(lines), ME);
}

const cases: Case[] = [];
const add = (mode: Mode, name: string, authorization: Case['authorization']) => cases.push({ name, mode, authorization });
const both = (name: string, authorization: Case['authorization']) => {
  add('hs256', name, authorization);
  add('jwks', name, authorization);
};

// Malformed and empty.
both('no Authorization header', async () => undefined);
both('an empty header value', async () => '');
both('"Bearer" alone', async () => 'Bearer');
both('"Bearer " and spaces', async () => 'Bearer    ');
both('not a JWT', async () => 'Bearer not-a-jwt');
both('two parts', async () => 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0');
both('four parts', async () => `Bearer ${hsValid()}.extra`);
both('three empty parts', async () => 'Bearer ..');
both('characters outside base64url', async () => 'Bearer e30=.e30=.e30=');
both('a header that is not JSON', async () => `Bearer ${b64('not json')}.${b64(claims())}.${b64('sig')}`);
both('a header that is a JSON array', async () => `Bearer ${b64([{ alg: 'HS256' }])}.${b64(claims())}.${b64('sig')}`);
both('a payload that is not JSON', async () => `Bearer ${hmacToken({ alg: 'HS256' }, claims(), JWT_SECRET).split('.')[0]}.${b64('{"sub":')}.${b64('sig')}`);
both('another scheme (Basic)', async () => `Basic ${Buffer.from('owner:password').toString('base64')}`);
both('another scheme (Token) with a valid token', async () => `Token ${hsValid()}`);
// alg none, in every case, with and without a signature.
for (const alg of ['none', 'None', 'NONE', 'nOnE']) both(`alg ${alg}`, async () => `Bearer ${unsigned(alg)}`);
both('alg none with a signature of a valid token', async () => `Bearer ${unsigned('none')}${hsValid().split('.')[2]}`);
both('no alg at all', async () => `Bearer ${hmacToken({ typ: 'JWT' }, claims(), JWT_SECRET)}`);
both('alg hs256 in lower case, correctly signed', async () => `Bearer ${hsValid(claims(), { alg: 'hs256', typ: 'JWT' })}`);
both('alg HS384 on an HS256 signature', async () => {
  const [, payload, signature] = hsValid().split('.');
  return `Bearer ${b64({ alg: 'HS384', typ: 'JWT' })}.${payload}.${signature}`;
});
// HS/RS confusion.
add('hs256', 'an RS256 token where HS256 is configured', async () => bearer(await signed({ alg: 'RS256' }, claims(), evil.privateKey)));
add('hs256', 'an ES256 token where HS256 is configured', async () => bearer(await signed({ alg: 'ES256' }, claims(), evilEc)));
add('jwks', 'HS256 signed with the public key (PEM) as the secret', async () => bearer(hmacToken({ alg: 'HS256', kid: KID }, claims(), legit.pem)));
add('jwks', 'HS256 signed with the public key (DER) as the secret', async () =>
  bearer(hmacToken({ alg: 'HS256', kid: KID }, claims(), createPublicKey(legit.pem).export({ type: 'spki', format: 'der' }))),
);
add('jwks', 'HS256 signed with the public JWK (JSON) as the secret', async () => bearer(hmacToken({ alg: 'HS256', kid: KID }, claims(), JSON.stringify(legit.jwk))));
add('jwks', 'HS256 signed with the modulus as the secret', async () => bearer(hmacToken({ alg: 'HS256', kid: KID }, claims(), Buffer.from(legit.jwk.n!, 'base64url'))));
add('jwks', 'HS256 with the development secret', async () => bearer(hsValid(claims(), { alg: 'HS256', kid: KID })));
add('jwks', 'RS256 signed by another key under the real kid', async () => bearer(await signed({ alg: 'RS256', kid: KID }, claims(), evil.privateKey)));
// Tampering.
both('a tampered signature', async () => {
  const [header, payload, signature] = (await validToken('hs256')).split('.');
  return `Bearer ${header}.${payload}.${flip(signature!)}`;
});
add('jwks', 'a tampered RS256 signature', async () => {
  const [header, payload, signature] = (await validToken('jwks')).split('.');
  return `Bearer ${header}.${payload}.${flip(signature!)}`;
});
both('the signature removed', async () => `Bearer ${hsValid().split('.').slice(0, 2).join('.')}.`);
both('a tampered payload (another tenant) under the original signature', async () => {
  const [header, , signature] = (await validToken('hs256')).split('.');
  return `Bearer ${header}.${b64(claims({ tenant: other.slug, sub: other.users[0]!.id }))}.${signature}`;
});
add('jwks', 'a tampered RS256 payload under the original signature', async () => {
  const [header, , signature] = (await validToken('jwks')).split('.');
  return `Bearer ${header}.${b64(claims({ tenant: other.slug, sub: other.users[0]!.id }))}.${signature}`;
});
// Unknown and hostile kid: each signed with the key such a kid would make a naive server use.
const HOSTILE_KIDS: [string, string, string | Buffer][] = [
  ['path traversal to /dev/null', '../../../../../../../../dev/null', Buffer.alloc(0)],
  ['path traversal to the package.json', '../../../../package.json', 'attunelogic'],
  ['SQL injection', "x' UNION SELECT 'attacker-secret' -- ", 'attacker-secret'],
  ['a command', '$(curl http://127.0.0.1:1/)|| true', ''],
  ['NoSQL operator text', '{"$ne":null}', ''],
  ['a URL', 'http://127.0.0.1:1/key', ''],
  ['very long (6000 characters)', 'k'.repeat(6_000), ''],
];
for (const [name, kid, key] of HOSTILE_KIDS) {
  add('hs256', `kid: ${name}`, async () => bearer(hmacToken({ alg: 'HS256', kid }, claims(), key)));
  add('jwks', `kid: ${name}`, async () => bearer(await signed({ alg: 'RS256', kid }, claims(), evil.privateKey)));
}
add('jwks', 'an unknown kid', async () => bearer(await signed({ alg: 'RS256', kid: 'unknown-key' }, claims(), evil.privateKey)));
// Keys the token brings along, or points at.
both('an embedded jwk header (the attacker’s key)', async () =>
  bearer(await signed({ alg: 'RS256', jwk: { kty: evil.jwk.kty!, n: evil.jwk.n!, e: evil.jwk.e! } }, claims(), evil.privateKey)),
);
both('a jku header pointing at a local URL', async () =>
  bearer(await signed({ alg: 'RS256', kid: 'attacker', jku: `${attacker.url}/jwks.json` }, claims(), evil.privateKey)),
);
both('an x5u header pointing at a local URL', async () => bearer(await signed({ alg: 'RS256', x5u: `${attacker.url}/cert.pem` }, claims(), evil.privateKey)));
both('jku and x5u on an HS256 token', async () =>
  bearer(hmacToken({ alg: 'HS256', jku: `${attacker.url}/jwks.json`, x5u: `${attacker.url}/cert.pem`, kid: 'attacker' }, claims(), 'attacker')),
);
both('an x5c header with a made-up certificate', async () =>
  bearer(await signed({ alg: 'RS256', x5c: [randomBytes(300).toString('base64')] }, claims(), evil.privateKey)),
);
// Time.
both('expired an hour ago', async () => bearer(await validToken('hs256', claims({ iat: nowSeconds() - 7_200, exp: nowSeconds() - 3_600 }))));
add('jwks', 'expired an hour ago (RS256)', async () => bearer(await validToken('jwks', claims({ iat: nowSeconds() - 7_200, exp: nowSeconds() - 3_600 }))));
both('expired 30 seconds ago (beyond the tolerance)', async () => bearer(await validToken('hs256', claims({ exp: nowSeconds() - 30 }))));
both('not valid before an hour from now (nbf)', async () => bearer(await validToken('hs256', claims({ nbf: nowSeconds() + 3_600 }))));
add('jwks', 'not valid before an hour from now (RS256)', async () => bearer(await validToken('jwks', claims({ nbf: nowSeconds() + 3_600 }))));
both('issued an hour in the future (iat)', async () => bearer(await validToken('hs256', claims({ iat: nowSeconds() + 3_600 }))));
both('without exp', async () => bearer(await validToken('hs256', claims({}, ['exp']))));
add('jwks', 'without exp (RS256)', async () => bearer(await validToken('jwks', claims({}, ['exp']))));
both('exp as a string', async () => bearer(await validToken('hs256', claims({ exp: String(nowSeconds() + 600) as unknown as number }))));
// Issuer and audience.
both('a wrong issuer', async () => bearer(await validToken('hs256', claims({ iss: 'https://evil.example' }))));
both('no issuer', async () => bearer(await validToken('hs256', claims({}, ['iss']))));
both('a wrong audience', async () => bearer(await validToken('hs256', claims({ aud: 'another-api' }))));
both('an audience list without ours', async () => bearer(await validToken('hs256', claims({ aud: ['another-api', 'attunelogic-api-x'] }))));
add('jwks', 'a wrong audience (RS256)', async () => bearer(await validToken('jwks', claims({ aud: 'another-api' }))));
both('no audience', async () => bearer(await validToken('hs256', claims({}, ['aud']))));
both('no subject', async () => bearer(await validToken('hs256', claims({}, ['sub']))));
// Size.
both('oversized (9 KB), correctly signed', async () => bearer(await validToken('hs256', claims({ pad: 'x'.repeat(9_000) }))));
both('oversized (14 KB of garbage)', async () => `Bearer ${'a'.repeat(14_000)}.b.c`);
// Two tokens: the request must not be read as one of them.
const ofOther = () => claims({ tenant: other.slug, sub: other.users[0]!.id });
for (const mode of ['hs256', 'jwks'] as const) {
  add(mode, 'two tokens in one header, space-separated', async () => `Bearer ${await validToken(mode)} Bearer ${await validToken(mode, ofOther())}`);
  add(mode, 'two tokens in one header, comma-separated', async () => `Bearer ${await validToken(mode)}, Bearer ${await validToken(mode, ofOther())}`);
  add(mode, 'two Authorization headers, both valid (two tenants)', async () => [bearer(await validToken(mode)), bearer(await validToken(mode, ofOther()))]);
  add(mode, 'two Authorization headers, a forged one first', async () => [bearer(unsigned('none')), bearer(await validToken(mode))]);
  add(mode, 'two Authorization headers, a forged one second', async () => [bearer(await validToken(mode)), bearer(unsigned('none'))]);
}

/** A token the mode accepts, with the given claims (HS256 with the secret, or RS256 with the IdP's key). */
async function validToken(mode: Mode, payload: JWTPayload = claims()): Promise<string> {
  return mode === 'hs256' ? hsValid(payload) : signed({ alg: 'RS256', kid: KID, typ: 'JWT' }, payload, legit.privateKey);
}

const bodies = new Map<string, { status: number; text: string }>();

describe('the bad-token corpus', () => {
  it.each(['hs256', 'jwks'] as const)('accepts a valid token in %s mode (so every refusal below is about the token)', async (mode) => {
    const res = await send(mode, bearer(await validToken(mode)));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ data: { me: { id: tenant.users[0]!.id } } });
  });

  it.each(cases.map((c) => [`${c.mode}: ${c.name}`, c] as const))('refuses %s with 401', async (_label, c) => {
    const res = await send(c.mode, await c.authorization());
    record('tokens', { cases: 1, unexpected: res.status === 401 ? 0 : 1 });
    bodies.set(`${c.mode}: ${c.name}`, res);
    expect(res.status, res.text).toBe(401);
  });

  it('answers every refusal with the same bytes: one generic body', () => {
    const distinct = new Map<string, string[]>();
    for (const [name, { status, text }] of bodies) if (status === 401) distinct.set(text, [...(distinct.get(text) ?? []), name]);
    expect(bodies.size).toBe(cases.length);
    expect([...distinct.keys()], [...distinct].map(([text, names]) => `${text}: ${names.length} cases, e.g. ${names[0]}`).join('\n')).toEqual([
      JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGE, extensions: { code: 'UNAUTHENTICATED' } }] }),
    ]);
  });

  it('fetches nothing a token points at (jku, x5u, kid URLs), and a flood of unknown kids does not hammer the identity provider', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attacker.requests).toEqual([]);
    // The JWKS is fetched once and cached; unknown kids may cause one refetch per cool-down (30 s).
    expect(idp.requests.length).toBeGreaterThanOrEqual(1);
    expect(idp.requests.length).toBeLessThanOrEqual(2);
    expect(idp.requests.every((r) => r.url === '/.well-known/jwks.json')).toBe(true);
  });

  it('refuses a header block beyond the HTTP limit before the gateway runs', async () => {
    const res = await send('hs256', `Bearer ${'a'.repeat(70_000)}`);
    record('tokens', { cases: 1, unexpected: res.status === 431 ? 0 : 1 });
    expect(res.status).toBe(431);
  });
});
