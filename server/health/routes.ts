import { ping, type Db } from '../db/client';
import type { RouteDef } from '../lib/routes';

export function healthRoutes(db: Db): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      policy: 'public',
      handler: (_req, res) => {
        ping(db);
        res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'ok' });
      },
    },
  ];
}
