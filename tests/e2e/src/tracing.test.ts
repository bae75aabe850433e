// Traces across processes: the real mains of the three subgraphs and the gateway, exporting to a
// local OTLP/HTTP receiver. One request must give one trace with spans of the gateway, of the
// subgraphs it called, and of their database commands.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listen, generateInternalContextKeys } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { freePort } from '@attunelogic/shared/dev';
import { directoryModels, provisionTenant } from '@attunelogic/shared/tenancy';
import { uniqueSlug } from '@attunelogic/shared/testing';
import { signDevelopmentToken } from '@attunelogic/gateway';
import path from 'node:path';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const JWT_SECRET = 'tracing-test-jwt-secret-at-least-32-bytes';

interface Span {
  traceId: string;
  name: string;
  service: string;
  scope: string;
}

const spans: Span[] = [];
const children: ChildProcess[] = [];
let collector: Server;
let gatewayUrl = '';
let metricsPort: number;
let token = '';

function receiveTraces(body: string): void {
  const payload = JSON.parse(body) as {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { scope: { name: string }; spans: { traceId: string; name: string }[] }[];
    }[];
  };
  for (const rs of payload.resourceSpans) {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
    for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ traceId: span.traceId, name: span.name, service, scope: ss.scope.name });
  }
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 360; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && (req.headers['content-type'] ?? '').includes('json')) receiveTraces(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const { port: collectorPort } = await listen(collector, 0, '127.0.0.1');

  const uri = inject('mongodbUri');
  const prefix = `trace${Date.now()}`;
  const coreDb = await connectDatabase(uri, `${prefix}-core`);
  const tenant = await provisionTenant(directoryModels(coreDb), {
    slug: uniqueSlug('trace'),
    name: 'Tracing tenant',
    appType: 'trucking',
    users: [{ email: 'owner@trace.test', name: 'Owner', roles: ['owner'] }],
  });
  await coreDb.close();

  const ports = { core: await freePort(), trucking: await freePort(), service: await freePort(), gateway: await freePort() };
  metricsPort = await freePort();
  const keys = generateInternalContextKeys();
  const env = {
    ...process.env,
    MONGODB_URI: uri,
    MONGODB_DB_PREFIX: prefix,
    INTERNAL_CONTEXT_PRIVATE_KEY: keys.privateKey,
    INTERNAL_CONTEXT_PUBLIC_KEYS: keys.publicKey,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    SUBGRAPH_CORE_URL: `http://127.0.0.1:${ports.core}/graphql`,
    SUBGRAPH_TRUCKING_URL: `http://127.0.0.1:${ports.trucking}/graphql`,
    SUBGRAPH_SERVICE_URL: `http://127.0.0.1:${ports.service}/graphql`,
    METRICS_PORT: String(metricsPort),
  };
  for (const [name, dir] of [
    ['core', 'subgraphs/core'],
    ['trucking', 'subgraphs/trucking'],
    ['service', 'subgraphs/service'],
    ['gateway', 'gateway'],
  ] as const) {
    children.push(spawn(tsx, ['src/main.ts'], { cwd: path.join(root, dir), env: { ...env, PORT: String(ports[name]) }, stdio: 'ignore' }));
  }
  await Promise.all(Object.values(ports).map((port) => waitFor(`http://127.0.0.1:${port}/healthz`)));
  gatewayUrl = `http://127.0.0.1:${ports.gateway}/api/v1/graphql`;
  token = await signDevelopmentToken({ secret: JWT_SECRET, issuer: 'attunelogic', audience: 'attunelogic-api', userId: tenant.users[0]!.id, tenant: tenant.slug });
}, 150_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  collector?.close();
});

describe('OpenTelemetry traces', () => {
  it('follow one request from the gateway through the subgraphs to the database', async () => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Traced { me { email } vehicles { totalCount edges { node { createdBy { email } } } } }' }),
    });
    expect(res.status).toBe(200);
    let trace: Span[] = [];
    for (let i = 0; i < 60 && trace.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const root = spans.find((s) => s.service === 'gateway' && s.scope.includes('http') && s.name.startsWith('POST'));
      const candidate = root ? spans.filter((s) => s.traceId === root.traceId) : [];
      if (candidate.some((s) => s.service === 'trucking') && candidate.some((s) => s.scope.includes('mongodb'))) trace = candidate;
    }
    const services = new Set(trace.map((s) => s.service));
    expect(services).toEqual(new Set(['gateway', 'core', 'trucking']));
    expect(trace.some((s) => s.service === 'gateway' && s.scope.includes('gateway'))).toBe(true);
    expect(trace.some((s) => s.service === 'trucking' && s.scope.includes('mongodb'))).toBe(true);
  });
});

describe('the gateway process', () => {
  it('serves its metrics on METRICS_PORT, on loopback, and not on its public port', async () => {
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^attunelogic_gateway_requests_total\{/m);
    expect((await fetch(gatewayUrl.replace('/api/v1/graphql', '/metrics'))).status).toBe(404);
  });
});
