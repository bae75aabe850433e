import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@attunelogic/shared/dev';

export type SubgraphName = 'core' | 'trucking' | 'service';

const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/**
 * Runs a command of a subgraph through its own entry point (`subgraphs/<name>/<entry>`, as the
 * package's script does) in a process of its own, with `env`. `output: 'inherit'` hands it the
 * terminal; `'prefixed'` prints each line it writes after `[name]`, so commands running side by
 * side stay readable. Resolves with the exit code.
 */
export function runSubgraphCommand(
  name: SubgraphName,
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
  output: 'inherit' | 'prefixed',
): Promise<number> {
  const child = spawn(tsx, [entry, ...args], {
    cwd: path.join(root, 'subgraphs', name),
    env,
    stdio: output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  if (output === 'prefixed') {
    const prefix = `[${name}]`.padEnd(11);
    for (const [stream, sink] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) sink.write(`${prefix} ${line}\n`);
      });
      stream?.on('end', () => {
        if (partial.trim()) sink.write(`${prefix} ${partial}\n`);
      });
    }
  }
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
