import { parseEnv } from '../server/env';
import { startServer } from '../server/start';

/**
 * The tracker as the benchmark runs it, in a process of its own: started with
 * startServer from the environment the harness passes (DATABASE_PATH, HOST,
 * ADMIN_EMAIL, ADMIN_PASSWORD, LOG_LEVEL=silent), on a free port. Prints one
 * JSON line with its address once it listens; SIGTERM stops it cleanly.
 */
async function main() {
  const running = await startServer(parseEnv({ ...process.env, PORT: '0' }));
  const { port } = new URL(running.url);
  process.stdout.write(`${JSON.stringify({ port: Number(port) })}\n`);
  process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(`Tracker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
