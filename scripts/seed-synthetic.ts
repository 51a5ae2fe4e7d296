import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { closeDatabase, migrateDatabase, openDatabase } from '../server/db/client';
import { generateSynthetic, type SyntheticReport } from './synthetic/generate';

/**
 * `npm run seed:synthetic -- --recommendations 100000 --notes-per 5 --database PATH`:
 * migrates PATH and fills it with a deterministic synthetic tracker (fixed
 * seed: the same arguments give the same data). It refuses a database that
 * already holds recommendations. Its analysts cannot sign in and it creates no
 * admin: start the app with ADMIN_EMAIL and ADMIN_PASSWORD for that.
 */

const USAGE = 'Usage: npm run seed:synthetic -- --database PATH [--recommendations 100000] [--notes-per 5]';

export function describeReport(report: SyntheticReport): string {
  return [
    `${report.recommendations.toLocaleString('en')} recommendations (${report.subRecommendations.toLocaleString('en')} sub-recommendations)`,
    `${report.evidenceNotes.toLocaleString('en')} evidence notes`,
    `${report.statusChanges.toLocaleString('en')} status changes`,
    `${report.bodyLinks.toLocaleString('en')} body links, ${report.themeLinks.toLocaleString('en')} theme links`,
    `${report.sources} sources, ${report.bodies} bodies, ${report.mechanisms} mechanisms, ${report.themes} themes, ${report.analysts} analysts`,
  ].join('; ');
}

async function main() {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      recommendations: { type: 'string', default: '100000' },
      'notes-per': { type: 'string', default: '5' },
    },
  });
  const recommendations = Number(values.recommendations);
  const notesPer = Number(values['notes-per']);
  if (!values.database || !Number.isInteger(recommendations) || recommendations < 1 || !(notesPer >= 0)) throw new Error(USAGE);

  const existed = fs.existsSync(values.database);
  const db = openDatabase(values.database);
  try {
    migrateDatabase(db);
    const report = await generateSynthetic(db, {
      recommendations,
      notesPer,
      onProgress: (done) => process.stdout.write(`\r${done.toLocaleString('en')} / ${recommendations.toLocaleString('en')} recommendations`),
    });
    process.stdout.write('\n');
    console.log(`Loaded in ${report.seconds.toFixed(1)} s into ${values.database}${existed ? '' : ' (new file)'}: ${describeReport(report)}.`);
  } finally {
    closeDatabase(db);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
