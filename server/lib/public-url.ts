import net from 'node:net';
import type { Request } from 'express';

/**
 * Where absolute links (the CSV export's page links) point: PUBLIC_URL, which
 * production requires (server/env.ts); otherwise the address and port this
 * request's connection arrived at, the server's own. Never the Host or
 * X-Forwarded-Host header: the client writes those, and a link built from them
 * sends whoever opens the export wherever that client chose.
 */
export function publicBaseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${net.isIPv6(address) ? `[${address}]` : address}:${req.socket.localPort}`;
}
