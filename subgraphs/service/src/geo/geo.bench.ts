// `pnpm --filter @attunelogic/subgraph-service bench:geo`: the cost of validating a client's polygon,
// our validator against turf's kinks + booleanValid (what it replaced) on the same inputs, in one run.
// Prints time and heap growth; the stars are drawn so that nearly every edge crosses every other, and
// the zigzag band so that every edge overlaps every other in longitude without crossing it.
import booleanValid from '@turf/boolean-valid';
import { polygon } from '@turf/helpers';
import kinks from '@turf/kinks';
import { validatePolygon } from './geo';

const circle = (n: number) => {
  const ring = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
  return [[...ring, ring[0]!]];
};
const star = (n: number) => {
  const k = Math.floor(n / 2) - 1;
  const ring = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * ((i * k) % n)) / n), Math.sin((2 * Math.PI * ((i * k) % n)) / n)]);
  return [[...ring, ring[0]!]];
};

function measure(run: () => void): { ms: number; mb: number } {
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  try {
    run();
  } catch {
    // a refusal is an outcome like any other here
  }
  return { ms: performance.now() - started, mb: Math.max(0, process.memoryUsage().heapUsed - heap) / 1e6 };
}

/** A simple ring of long edges that all overlap in longitude: two zigzags 0.5° apart, joined at both ends. */
const zigzagBand = (n: number) => {
  const left = Array.from({ length: Math.floor((n - 3) / 2) }, (_, i) => [i % 2 === 0 ? 0 : 10, i / 100]);
  return [[...left, ...left.map(([x, y]) => [x! + 0.5, y!]).reverse(), left[0]!]];
};

const rows: string[][] = [];
for (const [shape, make] of [
  ['simple ring', circle],
  ['star', star],
  ['zigzag band', zigzagBand],
] as const) {
  for (const n of [501, 2001, 4999]) {
    const rings = make(n);
    const ours = measure(() => validatePolygon(rings));
    // turf's all-crossings pass grows with the square of the crossings; past 2001 positions it takes seconds and gigabytes.
    const theirs = shape === 'star' && n > 2001 ? null : measure(() => (kinks(polygon(rings)).features.length === 0 ? booleanValid(polygon(rings)) : false));
    rows.push([
      shape,
      String(n),
      ours.ms.toFixed(1),
      ours.mb.toFixed(0),
      theirs ? theirs.ms.toFixed(1) : 'not run',
      theirs ? theirs.mb.toFixed(0) : '',
      theirs ? (theirs.ms / Math.max(ours.ms, 0.1)).toFixed(1) : '',
    ]);
  }
}
const header = ['shape', 'positions', 'ours ms', 'ours MB', 'turf ms', 'turf MB', 'turf / ours'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
