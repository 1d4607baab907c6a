/** The login page: the access code the city office issued, exchanged for a token. */
import { useState } from 'preact/hooks';
import { ApiFailure, login } from '../../api.ts';
import type { Session } from '../../storage.ts';
import '../Lazy/style.ts';

/** `code`: from a #/login/<code> link, filled in, not sent: the user still presses 登录. */
export function Login({ onLoggedIn, code: link }: { onLoggedIn: (s: Session) => void; code?: string }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    // Nothing typed: nothing to send. Every other check of the code is the server's (loginBody);
    // importing shared/api here would put all the API's request schemas on the phone.
    const code = String(new FormData(e.currentTarget as HTMLFormElement).get('code') ?? '').trim();
    if (!code) {
      setError('请输入登录码');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const session = await login(code);
      onLoggedIn(session);
      // an account in several campaigns chooses the one to work on first
      if (session.campaigns.length > 1) location.hash = '#/o/campaigns';
      else if (link) location.hash = '#/';
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : '登录失败，请重试');
      setBusy(false);
    }
  };

  return (
    <main class="page login">
      <h1>评选</h1>
      <p class="lead">评优评先推荐填报</p>
      <form class="card" onSubmit={onSubmit} noValidate>
        <div class={error ? 'field invalid' : 'field'}>
          <label for="login-code">登录码</label>
          <input
            id="login-code"
            name="code"
            defaultValue={link}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'login-hint login-err' : 'login-hint'}
          />
          <p class="hint" id="login-hint">
            登录码由评选办公室发放，请向本单位联系人索取
          </p>
          {error && (
            <p class="err" id="login-err" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="primary block" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
