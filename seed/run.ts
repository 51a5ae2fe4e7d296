import { parseEnv } from '../server/env';
import { closeDatabase, migrateDatabase, openDatabase } from '../server/db/client';
import { seedData } from './data';
import { loadSeed } from './load';
import { runDataMigrations } from '../server/db/seed-corrections';
import { runLifecycleSeed } from '../server/db/lifecycle-seed';

/** `npm run seed`: migrates the database at DATABASE_PATH and loads the seed data into it. */
async function main() {
  const env = parseEnv();
  const db = openDatabase(env.DATABASE_PATH);
  try {
    migrateDatabase(db);
    const corrected = await runDataMigrations(db);
    if (corrected) console.log(corrected);
    const lifecycles = await runLifecycleSeed(db);
    if (lifecycles) console.log(lifecycles);
    const report = await loadSeed(db, seedData);
    console.log(`Seed loaded into ${env.DATABASE_PATH}: added ${report.sources} sources, ${report.bodies} bodies, ${report.mechanisms} mechanisms, ${report.recommendations} recommendations.`);
  } finally {
    closeDatabase(db);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
