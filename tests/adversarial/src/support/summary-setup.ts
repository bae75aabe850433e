import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { formatTable, readCounts, readFigures } from './summary';

let file: string | undefined;

/** vitest globalSetup: names the file the test files append their counts to. */
export function setup(project: TestProject): void {
  file = path.join(tmpdir(), `attunelogic-adversarial-${process.pid}-${Date.now()}.jsonl`);
  writeFileSync(file, '');
  project.provide('adversarialSummaryFile', file);
}

/** Prints the summary of the run: cases, leaks, 5xx and lost writes per category. */
export function teardown(): void {
  if (!file) return;
  const table = formatTable(readCounts(file), readFigures(file));
  process.stdout.write(`\nAdversarial suite — summary\n\n${table}\n\n`);
  rmSync(file, { force: true });
}
