import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../server/db/client';
import type { Filters } from '../server/filters/schema';
import { withSearchMatches } from '../server/filters/conditions';
import { countByStatus, listRecommendations, matchingOf } from '../server/recommendations/queries';

/**
 * `npm run bench:search -- [--database FILE] [--runs 7]`: how long the list's
 * search takes on the benchmark's synthetic database (`npm run bench` builds
 * it under bench/.data/; `npm run seed:synthetic` writes one anywhere): for
 * each query, the count and the first page, as the list runs them (the matches
 * read once), the median of the runs after one warm-up. The database is opened
 * read-only and left as it is (run `npm run bench:writes` or start the app once
 * to migrate it). Not a test: figures depend on the machine.
 */

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: path.join(__dirname, '.data', 'synthetic-100000x5.sqlite') },
    runs: { type: 'string', default: '7' },
  },
});
const RUNS = Number(args.runs);

const QUERIES: { label: string; q: string }[] = [
  { label: 'Chinese, 1 character', q: '港' },
  { label: 'Chinese, 2 characters', q: '合作' },
  { label: 'Chinese, 2 characters (rarer)', q: '港口' },
  { label: 'Chinese, 3 characters', q: '哈尔滨' },
  { label: 'Chinese, 6 characters', q: '港口物流中心' },
  { label: 'Russian, 1 word, lower case', q: 'форум' },
  { label: 'Russian, 1 word, upper case', q: 'ФОРУМ' },
  { label: 'Russian, 2 letters', q: 'пи' },
  { label: 'Latin, 2 letters', q: 'Ha' },
  { label: 'English, 1 word', q: 'Zarubino' },
  { label: 'mixed, English and Chinese', q: 'Harbin 港口' },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main() {
  if (!fs.existsSync(args.database) || !(RUNS > 0)) {
    console.error(`Usage: npm run bench:search -- [--database FILE] [--runs 7]; ${args.database} not found.`);
    process.exit(2);
  }
  const db = openDatabase(args.database, { readonly: true });
  try {
    const lines = ['| query | | matches | ms (count + first page) |', '|---|---|--:|--:|'];
    for (const { label, q } of QUERIES) {
      const filters: Filters = { q };
      const times: number[] = [];
      let total = 0;
      for (let run = 0; run <= RUNS; run++) {
        const started = performance.now();
        const searched = withSearchMatches(db, filters);
        const byStatus = countByStatus(db, searched);
        total = matchingOf(byStatus, searched);
        listRecommendations(db, searched, 'updated', 1, byStatus);
        if (run > 0) times.push(performance.now() - started);
      }
      lines.push(`| ${label} | ${q} | ${total.toLocaleString('en')} | ${median(times).toFixed(1)} |`);
    }
    console.log(lines.join('\n'));
  } finally {
    closeDatabase(db);
  }
}

main();
