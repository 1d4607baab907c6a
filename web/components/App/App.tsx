/** The app shell: login when there is no session, otherwise the header and the routed page. */
import { useEffect, useState } from 'preact/hooks';
import { ROLE_LABELS } from '#shared/roles';
import { setUnauthorizedHandler } from '../../api.ts';
import { followNominations } from '../../nomination-store.ts';
import { type Route, useRoute } from '../../route.ts';
import { loadSession, type Session, saveSession } from '../../storage.ts';
import { Home } from '../Home/Home.tsx';
import { lazy } from '../Lazy/Lazy.tsx';
import { NominationPage } from '../NominationPage/NominationPage.tsx';

// The auditor's pages (list, chain, log, one nomination's history): a chunk of their own.
const Auditor = lazy(() => import('../Auditor/Auditor.tsx').then((m) => m.Auditor));
// The login page: a signed-in phone (every visit after the first) never downloads it.
const Login = lazy(() => import('../Login/Login.tsx').then((m) => m.Login));
// The process pages (county, city office, steps panel, public publicity): one more chunk.
const Process = lazy(() => import('../Process/Process.tsx').then((m) => m.Process));

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const route = useRoute();
  // A new nomination's first save gives it an id (no hashchange, the form stays mounted): its
  // steps panel appears under the form at once.
  const [created, setCreated] = useState<{ route: Route; id: string } | null>(null);
  useEffect(() => setUnauthorizedHandler(() => setSession(null)), []);
  useEffect(
    () =>
      followNominations((v) => {
        if (route.page === 'new') setCreated((c) => (c?.route === route ? c : { route, id: v.id }));
      }),
    [route],
  );

  if (route.page === 'public') return <Process route={route} />;
  if (!session) {
    return (
      <Login
        code={route.page === 'login' ? route.id : ''}
        onLoggedIn={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  const { principal } = session;
  const switched = (s: Session) => {
    saveSession(s);
    setSession(s);
  };
  const campaigns = session.campaigns ?? [];
  const current = campaigns.find((c) => c.id === principal.campaignId);
  const logout = () => {
    // Unsaved drafts stay on the phone (only this account sees them again).
    saveSession(null);
    setSession(null);
  };

  let page =
    principal.role === 'unit' ? (
      <Home principal={principal} />
    ) : (
      <Process route={route} principal={principal} />
    );
  if (route.page === 'new')
    page = (
      <>
        <NominationPage key={`new-${route.category}`} principal={principal} category={route.category} />
        {created?.route === route && (
          <Process route={{ page: 'nomination', id: created.id }} principal={principal} />
        )}
      </>
    );
  else if (route.page === 'nomination')
    page = (
      <>
        <NominationPage key={route.id} principal={principal} id={route.id} />
        <Process route={route} principal={principal} />
      </>
    );
  else if (route.page === 'o') page = <Process route={route} principal={principal} onSession={switched} />;
  else if (route.page === 'notFound')
    page = (
      <p class="card">
        页面不存在。<a href="#/">返回首页</a>
      </p>
    );

  // The auditor's chunk routes its own pages (the exports page is the office chunk's).
  const auditor = principal.role === 'auditor';
  if (auditor && route.page !== 'o') page = <Auditor route={route} principal={principal} />;

  return (
    <>
      <header class="topbar">
        <a href="#/" class="brand">
          评选
        </a>
        <span class="who">
          {principal.name}
          <small>{current?.roleLabel ?? ROLE_LABELS[principal.role]}</small>
        </span>
        <button type="button" class="link" onClick={logout}>
          退出登录
        </button>
      </header>
      {campaigns.length > 1 && (
        <p class="campaign-bar">
          <span>{current?.title}</span>
          <a href="#/o/campaigns">切换评选活动</a>
        </p>
      )}
      {/* another campaign is another world: every page of it mounts afresh */}
      <main key={principal.campaignId} class={principal.role === 'unit' ? 'page' : 'page wide'}>
        {page}
      </main>
    </>
  );
}
