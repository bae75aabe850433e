// `pnpm --filter @attunelogic/shared run bench:context`: what a subgraph fetch pays for its internal
// context. The gateway signs one per fetch (EdDSA, Ed25519) and the subgraph verifies it and records
// its jti; the symmetric HS256 context it replaced is measured beside it on the same claims.
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { generateInternalContextKeys, hmacKey, internalContextKey, internalContextVerifier, signInternalContext, verifyInternalContext } from './index';
import { makeTenantContext } from './testing/tenants';

const PAIRS = Number(process.env['PAIRS'] ?? 5_000);
const WARM_UP = 500;
const tenant = makeTenantContext({ appType: 'trucking', roles: ['dispatcher'], flags: { routeOptimization: true } });

interface Timing {
  sign: number;
  verify: number;
}

/** CPU microseconds (user + system) of the process since `since`: on a shared machine, wall time measures the neighbours. */
const cpuSince = (since: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};

/** CPU microseconds per sign and per verify over `PAIRS` pairs after a warm-up, the median of three rounds. */
async function measure(sign: () => Promise<string>, verify: (token: string) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await verify(await sign());
  const rounds: Timing[] = [];
  for (let round = 0; round < 3; round++) {
    const tokens: string[] = [];
    let started = process.cpuUsage();
    for (let i = 0; i < PAIRS; i++) tokens.push(await sign());
    const signed = cpuSince(started) / PAIRS;
    started = process.cpuUsage();
    for (const token of tokens) await verify(token);
    rounds.push({ sign: signed, verify: cpuSince(started) / PAIRS });
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
  return { sign: median(rounds.map((r) => r.sign)), verify: median(rounds.map((r) => r.verify)) };
}

async function main(): Promise<void> {
  const keys = generateInternalContextKeys();
  const key = internalContextKey(keys.privateKey);
  const verifier = internalContextVerifier(keys.publicKey, 3 * PAIRS + WARM_UP);
  const ed25519 = await measure(
    () => signInternalContext(key, 'core', tenant),
    (token) => verifyInternalContext(verifier, 'core', token),
  );

  const secret = await hmacKey(randomUUID().repeat(2));
  const claims = { tid: tenant.tenantId, slug: tenant.slug, app: tenant.appType, roles: [...tenant.roles], flags: { ...tenant.flags }, set: {}, rid: tenant.requestId };
  const hs256 = await measure(
    () =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('attunelogic-gateway')
        .setAudience('core')
        .setSubject(tenant.userId)
        .setIssuedAt()
        .setExpirationTime('30s')
        .sign(secret),
    (token) => jwtVerify(token, secret, { issuer: 'attunelogic-gateway', audience: 'core', algorithms: ['HS256'] }),
  );

  const row = (name: string, t: Timing): string =>
    `| ${name.padEnd(34)} | ${t.sign.toFixed(1).padStart(7)} | ${t.verify.toFixed(1).padStart(9)} | ${(t.sign + t.verify).toFixed(1).padStart(7)} |`;
  console.log(`internal context per subgraph fetch: CPU µs per operation, median of 3 rounds of ${PAIRS}, Node ${process.version}`);
  console.log('| context                            | sign µs | verify µs | both µs |');
  console.log('|------------------------------------|---------|-----------|---------|');
  console.log(row('EdDSA (Ed25519) + jti replay check', ed25519));
  console.log(row('HS256 (the former shared secret)', hs256));
  console.log(`added per fetch: ${(ed25519.sign + ed25519.verify - hs256.sign - hs256.verify).toFixed(1)} µs`);
}

await main();
