import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * The floor every page is compared with: Express 5 answering "ok", with no
 * middleware, in a process of its own. Prints one JSON line with its port.
 */
const app = express();
app.get('/', (_req, res) => {
  res.send('ok');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
