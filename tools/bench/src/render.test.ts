import { describe, expect, it } from 'vitest';
import { escapeXml, throughputChart } from './chart';
import { cpuModel, parseProcStat } from './machine';
import { metricSum, parseExplain } from './parse';
import { renderReport, table } from './report';
import { rewriteSubgraphUrls } from './stack/supergraph';
import { evaluateTargets } from './targets';
import { pair, results } from './test-fixtures';

const options = {
  chartFile: 'benchmarks.svg',
  load: { connections: 8, warmupSeconds: 5, rounds: 5, roundSeconds: 8 },
  nested: { connections: 2, rounds: 3 },
  hiveVersion: '2.15.1',
};

describe('table', () => {
  it('renders a markdown table and escapes pipes', () => {
    expect(table(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
  });
});

describe('renderReport', () => {
  const r = results();
  const md = renderReport(r, evaluateTargets(r), options);

  it('names the machine, the data set and the date', () => {
    expect(md).toContain('| CPU | AMD EPYC — 2 cores |');
    expect(md).toContain('| Node.js | v20.20.2 |');
    expect(md).toContain('50 tenants, 100,000 documents in all');
    expect(md).toContain('| trucking.driver_locations | 91,000 |');
    expect(md).toContain('2025-01-01T00:00:00Z');
  });

  it('shows the mutation latency at both chain lengths with their ratio, and the sorted read for contrast', () => {
    expect(md).toContain("## Mutation latency as a tenant's audit chain grows");
    expect(md).toContain('| RenameTenant latency | 50 ms (40–60) | 52 ms (45–61) | 1.04 |');
    expect(md).toContain('| reading the newest event by sort (for contrast) | 3 ms (2–4) | 1,000 ms (900–1,100) | 333 |');
  });

  it('has a row per side of every pair with median and spread, and the ratio', () => {
    expect(md).toContain('| Gateway vs direct subgraph | yes | A side | 70 req/s (60–80) | 11 ms (10–12) | 33 ms (30–36) | 0.7 (0.6–0.8) | 2 ms (1–3) |');
    expect(md).toContain('|  |  | B side | 100 req/s |');
    // The pair that compares the gateways on their own cost says it is not bound by the database.
    expect(md).toContain('| Our gateway vs Hive Gateway, no database | no | A side |');
  });

  it('lists the targets with their status, the command counts, the explain plan and the chart', () => {
    expect(md).toContain('| T1 | gateway / direct throughput ≥ 0.5 on a single-subgraph query | 0.7 (0.6–0.8) | ✅ met | — |');
    expect(md).toContain('| NestedLoads | 50 | 50 | 5 | 55 |');
    expect(md).toContain('id=2 parent=0 notused=0 detail=SCAN loads_x');
    expect(md).toContain('![Throughput per pair](benchmarks.svg)');
    expect(md).toContain('```graphql\nquery TenantInfo { tenant { id } }\n```');
  });

  it('says why a target is missed and flags a quick run', () => {
    const quick = results({ profile: 'quick', pairs: [pair('gateway-vs-direct', [30], [100])] });
    const text = renderReport(quick, evaluateTargets(quick), options);
    expect(text).toContain('**Quick profile**');
    expect(text).toContain('`pnpm bench --quick`');
    expect(text).toMatch(/- \*\*T1 — why it is missed:\*\* Through the gateway/);
    expect(text).toContain('| T1 | gateway / direct throughput ≥ 0.5 on a single-subgraph query | 0.3 | ❌ missed | 0.2 below the target (40 % short) |');
  });
});

describe('throughputChart', () => {
  const svg = throughputChart(results().pairs, 'Throughput <test>');

  it('is one SVG document with two bars and whiskers per pair', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const pairs = results().pairs.length;
    expect(svg.match(/<rect /g)).toHaveLength(1 + 2 * pairs);
    expect(svg.match(/<line /g)).toHaveLength(3 * 2 * pairs);
  });

  it("scales bars within a pair: the faster side's fastest round spans the plot", () => {
    // gateway-vs-direct: B = 100 req/s in every round is the pair's maximum, A's median is 70.
    const widths = [...svg.matchAll(/<rect x="230" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[1]! / widths[0]!).toBeCloseTo(100 / 70, 2);
    expect(svg).toContain('70 req/s');
  });

  it('escapes text', () => {
    expect(svg).toContain('Throughput &lt;test&gt;');
    expect(escapeXml(`a&b"c'`)).toBe('a&amp;b&quot;c&apos;');
  });

  it('says so when there is nothing to draw', () => {
    expect(throughputChart([], 'x')).toContain('no pair was measured');
  });
});

describe('parsers', () => {
  it('reads utime + stime in ms from /proc/<pid>/stat, whatever the command name', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[11] = '250'; // utime (field 14)
    fields[12] = '50'; // stime (field 15)
    expect(parseProcStat(`1234 (node (tsx) x) ${fields.join(' ')}`)).toBe(3000);
  });

  it('reads the CPU model from /proc/cpuinfo', () => {
    expect(cpuModel('processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n')).toBe('AMD EPYC 7B13');
    expect(cpuModel('')).toBe('unknown');
  });

  it('sums a Prometheus counter over its series', () => {
    const text = [
      '# HELP attunelogic_gateway_directory_reads_total x',
      'attunelogic_gateway_directory_reads_total{collection="customers"} 3',
      'attunelogic_gateway_directory_reads_total{collection="users"} 4',
      'attunelogic_gateway_directory_reads_totalx 100',
    ].join('\n');
    expect(metricSum(text, 'attunelogic_gateway_directory_reads_total')).toBe(7);
  });

  it("reads FerretDB's explain and MongoDB's", () => {
    expect(
      parseExplain({ queryPlanner: { Plan: ['id=2 parent=0 notused=0 detail=SCAN loads_b79'] }, filterPushdown: false, sortPushdown: false, limitPushdown: false }),
    ).toEqual({
      filterPushdown: false,
      sortPushdown: false,
      limitPushdown: false,
      plan: ['id=2 parent=0 notused=0 detail=SCAN loads_b79'],
      usesIndex: false,
    });
    expect(parseExplain({ queryPlanner: { Plan: ['SEARCH loads USING INDEX loads_parentCompany_1 (x=?)'] } }).usesIndex).toBe(true);
    const bitmap = { 'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'loads_b79', Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'gin_4f1c' }] };
    expect(parseExplain({ queryPlanner: { Plan: bitmap }, filterPushdown: true, sortPushdown: false, limitPushdown: false })).toEqual({
      filterPushdown: true,
      sortPushdown: false,
      limitPushdown: false,
      plan: ['Bitmap Heap Scan on loads_b79', 'Bitmap Index Scan using gin_4f1c'],
      usesIndex: true,
    });
    expect(parseExplain({ queryPlanner: { Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'loads_b79' } } }).usesIndex).toBe(false);
    const mongo = parseExplain({
      queryPlanner: { winningPlan: { stage: 'LIMIT', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'parentCompany_1_status_1__id_-1' } } } },
    });
    expect(mongo.plan).toEqual(['LIMIT', 'FETCH', 'IXSCAN parentCompany_1_status_1__id_-1']);
    expect(mongo.usesIndex).toBe(true);
  });

  it("points a supergraph's subgraphs at other URLs and refuses an unknown subgraph", () => {
    const sdl =
      'enum join__Graph {\n  CORE @join__graph(name: "core", url: "http://127.0.0.1:4001/graphql")\n  TRUCKING @join__graph(name: "trucking", url: "http://127.0.0.1:4002/graphql")\n}';
    const out = rewriteSubgraphUrls(sdl, { core: 'http://127.0.0.1:9/graphql' });
    expect(out).toContain('@join__graph(name: "core", url: "http://127.0.0.1:9/graphql")');
    expect(out).toContain('url: "http://127.0.0.1:4002/graphql"');
    expect(() => rewriteSubgraphUrls(sdl, { nope: 'x' })).toThrow('nope is not in the supergraph');
  });
});
