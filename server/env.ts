import { z } from 'zod';

/** The environment, parsed once at start-up: a bad value stops the app with its name. */
const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_PATH: z.string().min(1).default('data/tracker.sqlite'),
    SESSION_SECRET: z.string().min(32).optional(),
    // Set when the app is reached over HTTPS (directly or through a proxy): marks the cookie Secure.
    COOKIE_SECURE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    TRUST_PROXY: z.string().optional(),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12).optional(),
    ADMIN_NAME: z.string().min(1).default('Administrator'),
    SEED_ON_EMPTY: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    // The board calls a recommendation stale after this many days without an evidence note or a verification.
    STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    // A mechanism expected to meet is dormant this many days after a meeting fell due and none was held.
    DORMANT_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    // Slow clients: the headers must arrive within the first limit, the whole request (a 2 MB import on a slow
    // line included) within the second; a kept-alive connection with no request closes after the third.
    HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Absolute links (the CSV export's) start here; without it they take the server's own address, never a request's Host.
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).optional(),
  })
  .refine((e) => Boolean(e.ADMIN_EMAIL) === Boolean(e.ADMIN_PASSWORD), {
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    path: ['ADMIN_PASSWORD'],
  })
  .refine((e) => e.HEADERS_TIMEOUT_SECONDS <= e.REQUEST_TIMEOUT_SECONDS, {
    message: 'must not exceed REQUEST_TIMEOUT_SECONDS (the headers are part of the request)',
    path: ['HEADERS_TIMEOUT_SECONDS'],
  })
  .refine((e) => e.NODE_ENV !== 'production' || e.PUBLIC_URL !== undefined, {
    message: 'required when NODE_ENV=production: the address users reach the app at (e.g. https://tracker.example.org), for the links in CSV exports',
    path: ['PUBLIC_URL'],
  });

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}
