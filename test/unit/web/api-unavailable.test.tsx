/** A 503 (the server could not reach its secret or key) keeps the session; only a 401 ends it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure, call, setUnauthorizedHandler } from '../../../web/api.ts';
import { loadSession, saveSession } from '../../../web/storage.ts';

const session = {
  token: 't',
  expiresAt: Date.now() + 3_600_000,
  principal: { accountId: 'A', role: 'unit' as const, campaignId: 'C', name: '华龙区财政局' },
};

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers })),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  saveSession(null);
});

describe('the API client on a 503', () => {
  it('keeps the session and shows the retry message', async () => {
    saveSession(session as never);
    const signedOut = vi.fn();
    setUnauthorizedHandler(signedOut);
    answer(
      503,
      { error: { code: 'service_unavailable', message: '服务暂时不可用，请稍后重试' } },
      { 'retry-after': '5' },
    );
    const failure = await call('GET', '/api/me').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).status).toBe(503);
    expect((failure as ApiFailure).message).toBe('服务暂时不可用，请稍后重试');
    expect(signedOut).not.toHaveBeenCalled();
    expect(loadSession()?.token).toBe('t');
  });

  it('ends the session on a 401', async () => {
    saveSession(session as never);
    const signedOut = vi.fn();
    setUnauthorizedHandler(signedOut);
    answer(401, { error: { code: 'token_invalid', message: '登录已过期或无效，请重新登录' } });
    await expect(call('GET', '/api/me')).rejects.toBeInstanceOf(ApiFailure);
    expect(signedOut).toHaveBeenCalledOnce();
    expect(loadSession()).toBeNull();
  });
});
