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

describe('Time limits in the environment', () => {
  test('When nothing is set, then headers have 10 s, a whole request 120 s, and an idle kept-alive connection 5 s', () => {
    expect(parseEnv({})).toMatchObject({ HEADERS_TIMEOUT_SECONDS: 10, REQUEST_TIMEOUT_SECONDS: 120, KEEP_ALIVE_TIMEOUT_SECONDS: 5 });
  });

  test('When the headers limit exceeds the whole request’s, then start-up stops with an error naming HEADERS_TIMEOUT_SECONDS', () => {
    expect(() => parseEnv({ HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '30' })).toThrow(/HEADERS_TIMEOUT_SECONDS: must not exceed REQUEST_TIMEOUT_SECONDS/);
  });
});
