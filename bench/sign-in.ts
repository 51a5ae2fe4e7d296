import { csrfFrom } from '../test/helpers';

/** The account the benchmarks sign in as unless told otherwise. */
export const EDITOR = { name: 'Bench editor', email: 'bench-editor@example.org', password: 'bench-editor-password' };

function cookieOf(response: Response, name: string): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`)) ?? '';
}

/** Signs an account (the bench editor unless told) in through the login form, as a browser would; returns the session cookie and its CSRF token. */
export async function signIn(baseUrl: string, account: { email: string; password: string } = EDITOR): Promise<{ cookie: string; csrf: string }> {
  const loginPage = await fetch(`${baseUrl}/login`);
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    // A visitor's form token is kept in a cookie of its own, not in a session.
    headers: { cookie: cookieOf(loginPage, 'tracker.csrf'), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfFrom(await loginPage.text()), email: account.email, password: account.password }).toString(),
  });
  if (login.status !== 303) throw new Error(`Sign-in failed with ${login.status}`);
  const cookie = cookieOf(login, 'tracker.sid');
  const home = await fetch(`${baseUrl}/recommendations`, { headers: { cookie } });
  if (home.status !== 200) throw new Error(`The list answered ${home.status} after sign-in`);
  return { cookie, csrf: csrfFrom(await home.text()) };
}
