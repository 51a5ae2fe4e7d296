import { parseEnv } from './env';
import { startServer } from './start';

/** The process entry point: read the environment, start, and stop cleanly on SIGTERM/SIGINT. */
async function main() {
  const env = parseEnv();
  const running = await startServer(env);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight, then closing the database.`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    running.stop().then(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
