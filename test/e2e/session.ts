/** A page signed in with a token, as the web app keeps a session after logging in. */
import type { Page } from 'playwright-core';
import { api, stack } from '../support/stack.ts';

export async function signIn(page: Page, token: string): Promise<Page> {
  const { body } = await api('GET', '/api/me', { token });
  await page.goto(stack.baseUrl);
  await page.evaluate(
    ([token, principal, campaigns]) =>
      localStorage.setItem(
        'pingxuan:session',
        JSON.stringify({ token, expiresAt: '2099-01-01T00:00:00Z', principal, campaigns }),
      ),
    [token, body.principal, body.campaigns] as const,
  );
  await page.reload();
  return page;
}
