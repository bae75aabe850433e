import { type PairResult } from './results';
import { fmt } from './stats';

/** Escapes text for SVG (XML) content and attribute values. */
export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const WIDTH = 820;
const LABEL_WIDTH = 230;
const VALUE_WIDTH = 150;
const BAR_HEIGHT = 18;
const BAR_GAP = 6;
const PAIR_GAP = 18;
const TITLE_HEIGHT = 18;
const HEADER_HEIGHT = 46;
const COLORS = ['#2b6cb0', '#dd6b20'] as const;

/**
 * A horizontal bar chart of throughput per pair: median requests per second of each side, a
 * whisker from the slowest to the fastest round. Bars are scaled within each pair (the pairs'
 * throughputs differ by orders of magnitude), so lengths compare the two sides of one pair.
 */
export function throughputChart(pairs: readonly PairResult[], caption: string): string {
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20;
  const pairHeight = TITLE_HEIGHT + 2 * BAR_HEIGHT + BAR_GAP + PAIR_GAP;
  const height = HEADER_HEIGHT + Math.max(1, pairs.length) * pairHeight + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(caption)}</text>`,
    `<text x="10" y="38" fill="#555555">median requests/s over the rounds; whiskers: slowest–fastest round; bars scaled within each pair</text>`,
  ];
  if (pairs.length === 0) out.push(`<text x="10" y="${HEADER_HEIGHT + 16}">no pair was measured</text>`);
  pairs.forEach((pair, index) => {
    const top = HEADER_HEIGHT + index * pairHeight;
    const scale = Math.max(pair.a.rps.max, pair.b.rps.max, Number.EPSILON);
    out.push(`<text x="10" y="${top + 13}" font-weight="bold">${escapeXml(`${pair.title} — ratio ${fmt(pair.ratio.median)}`)}</text>`);
    [pair.a, pair.b].forEach((side, s) => {
      const y = top + TITLE_HEIGHT + s * (BAR_HEIGHT + BAR_GAP);
      const length = (side.rps.median / scale) * plotWidth;
      const lo = LABEL_WIDTH + (side.rps.min / scale) * plotWidth;
      const hi = LABEL_WIDTH + (side.rps.max / scale) * plotWidth;
      const mid = y + BAR_HEIGHT / 2;
      out.push(
        `<text x="${LABEL_WIDTH - 8}" y="${mid + 4}" text-anchor="end">${escapeXml(side.label)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[s]}"/>`,
        `<line x1="${lo.toFixed(1)}" y1="${mid}" x2="${hi.toFixed(1)}" y2="${mid}" stroke="#222222" stroke-width="1.5"/>`,
        `<line x1="${lo.toFixed(1)}" y1="${mid - 5}" x2="${lo.toFixed(1)}" y2="${mid + 5}" stroke="#222222" stroke-width="1.5"/>`,
        `<line x1="${hi.toFixed(1)}" y1="${mid - 5}" x2="${hi.toFixed(1)}" y2="${mid + 5}" stroke="#222222" stroke-width="1.5"/>`,
        `<text x="${LABEL_WIDTH + plotWidth + 10}" y="${mid + 4}">${escapeXml(`${fmt(side.rps.median)} req/s`)}</text>`,
      );
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
