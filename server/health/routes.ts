import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';

export function healthRoutes(db: Db): RouteDef[] {
  const ping = db.$client.prepare('SELECT 1 AS ok');
  return [
    {
      method: 'get',
      path: '/healthz',
      policy: 'public',
      handler: (_req, res) => {
        ping.get();
        res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'ok' });
      },
    },
  ];
}
