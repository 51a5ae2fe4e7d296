import type { StatusKey } from './vocabulary';

/**
 * The segments of a stacked status bar, as SVG offsets in percent. Computed
 * here because the CSP forbids inline styles, so widths travel as SVG attributes.
 */
export function statusBar(counts: { key: StatusKey; count: number }[]): { key: StatusKey; x: number; width: number }[] {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return [];
  let x = 0;
  return counts
    .filter((c) => c.count > 0)
    .map((c) => {
      const width = (c.count / total) * 100;
      const segment = { key: c.key, x: Number(x.toFixed(3)), width: Number(width.toFixed(3)) };
      x += width;
      return segment;
    });
}
