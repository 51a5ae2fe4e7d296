import { parseEnv } from '../server/env';
import { backupDatabase } from '../server/db/backup';

/** `npm run backup -- FILE`: a consistent copy of DATABASE_PATH, safe while the app runs. */
async function main() {
  const target = process.argv[2];
  if (!target) throw new Error('Usage: npm run backup -- FILE');
  const env = parseEnv();
  await backupDatabase(env.DATABASE_PATH, target);
  console.log(`Backed up ${env.DATABASE_PATH} to ${target} (integrity check: ok).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
