/** A page signed in with a token, as the web app keeps a session after logging in. */
import type { Locator, Page } from 'playwright-core';
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

/**
 * Wait for `locator` to be visible; if it never is, fail saying what the page showed and where it
 * was, so a failure in CI can be read without a rerun.
 */
export async function shown(page: Page, locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ timeout: 30_000 }).catch(async (e: Error) => {
    const text = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 400);
    throw new Error(
      `${what} never showed (${e.message.split('\n')[0]})\nat ${page.url()}\nthe page showed: ${text}`,
    );
  });
}
