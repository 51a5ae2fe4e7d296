/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence
 * on every machine, so a synthetic database is reproducible from its arguments.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Favours the first items: index ~ n·u^skew, so a few are common and most are rare, as in real data. */
  pickSkewed<T>(items: readonly T[], skew = 2): T {
    return items[Math.floor(items.length * this.next() ** skew)]!;
  }

  /** An item by weight; `weights` holds one number per item. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** `count` distinct items (fewer if there are not enough), drawn with pickSkewed. */
  distinct<T>(items: readonly T[], count: number, skew = 1.5, exclude?: T): T[] {
    const chosen: T[] = [];
    for (let tries = 0; chosen.length < count && tries < count * 20; tries++) {
      const item = this.pickSkewed(items, skew);
      if (item !== exclude && !chosen.includes(item)) chosen.push(item);
    }
    return chosen;
  }
}
