import { parseEnv } from '../../server/env';

/** The environment as start-up reads it: defaults that fail safe, and a refusal that names the variable. */

describe('PUBLIC_URL', () => {
  test('When NODE_ENV=production has no PUBLIC_URL, then start-up stops with an error naming PUBLIC_URL', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/^Invalid environment:\n {2}PUBLIC_URL: required when NODE_ENV=production/);
  });

  test('When NODE_ENV=production has a PUBLIC_URL, then it is taken as given', () => {
    expect(parseEnv({ NODE_ENV: 'production', PUBLIC_URL: 'https://tracker.example.org' }).PUBLIC_URL).toBe('https://tracker.example.org');
  });

  test('When PUBLIC_URL is not an http or https address, then start-up stops with an error naming PUBLIC_URL', () => {
    for (const value of ['javascript:alert(1)', 'ftp://tracker.example.org', 'tracker.example.org']) {
      expect(() => parseEnv({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL: /);
    }
  });

  test('When development runs without PUBLIC_URL, then it starts (links take the server’s own address)', () => {
    expect(parseEnv({}).PUBLIC_URL).toBeUndefined();
  });
});
