import { parseEnv } from '../server/env';
import { restoreDatabase } from '../server/db/backup';

/** `npm run restore -- FILE`, with the app stopped: checks FILE, then makes it the database at DATABASE_PATH. */
function main() {
  const backup = process.argv[2];
  if (!backup) throw new Error('Usage: npm run restore -- FILE   (stop the app first)');
  const env = parseEnv();
  restoreDatabase(backup, env.DATABASE_PATH);
  console.log(`Restored ${backup} to ${env.DATABASE_PATH}. Start the app again.`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
