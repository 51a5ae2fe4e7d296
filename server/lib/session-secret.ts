import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SESSION_SECRET when given; otherwise a random secret kept beside the
 * database (mode 600), so sessions survive restarts without any set-up.
 */
export function resolveSessionSecret(configured: string | undefined, databasePath: string): string {
  if (configured) return configured;
  const file = path.join(path.dirname(path.resolve(databasePath)), '.session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(48).toString('base64url');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
