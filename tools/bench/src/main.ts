import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedBackend, repoRoot } from '@attunelogic/shared/dev';
import { runBench } from './bench';
import { throughputChart } from './chart';
import { FULL, QUICK } from './profiles';
import { renderReport } from './report';
import { evaluateTargets } from './targets';

const USAGE = `pnpm bench [--quick] [--out DIR]

  Seeds a data set, starts FerretDB, the three subgraphs, our gateway (twice: with and without
  loader batching) and Hive Gateway as separate processes, measures, and writes BENCHMARKS.md and
  benchmarks.svg.

  --quick     small data and short rounds (a smoke run, a few minutes); writes to a temporary
              folder unless --out is given
  --out DIR   where to write the report (default: docs/ of the repository for the full run)`;

function parseArgs(argv: readonly string[]): { quick: boolean; out: string | undefined } {
  let quick = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--out') out = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg !== '--') {
      console.error(`bench: unknown argument ${arg}\n\n${USAGE}`);
      process.exit(2);
    }
  }
  return { quick, out };
}

const args = parseArgs(process.argv.slice(2));
const profile = args.quick ? QUICK : FULL;
const outDir = path.resolve(args.out ?? (args.quick ? path.join(os.tmpdir(), 'attunelogic-bench') : path.join(repoRoot(), 'docs')));
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

try {
  const { results, hiveVersion } = await runBench(profile, log);
  const verdicts = evaluateTargets(results);
  const chartFile = 'benchmarks.svg';
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, chartFile), throughputChart(results.pairs, `AttuneLogic API throughput (${results.profile} run, ${results.generatedAt.slice(0, 10)})`));
  writeFileSync(
    path.join(outDir, 'BENCHMARKS.md'),
    renderReport(results, verdicts, { chartFile, load: profile.load, nested: profile.nested, hiveVersion, backend: embeddedBackend() }),
  );
  log(`wrote ${path.join(outDir, 'BENCHMARKS.md')} and ${chartFile}`);
  for (const v of verdicts) log(`  ${v.id} ${v.status.padEnd(12)} ${v.target}: ${v.measured}${v.shortfall ? ` — ${v.shortfall}` : ''}`);
  if (results.failures.length) log(`${results.failures.length} measurement(s) failed; see the report`);
  // Handles of the in-process stack (mongodb monitoring, keep-alive sockets) may linger.
  process.exit(results.failures.length ? 1 : 0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
