/**
 * Hash routes (no server rewrites needed): #/, #/n/new/{category} (a category id of the campaign's
 * definition: worker, class-teacher), #/n/{id}.
 * The home page may carry a query (#/?category=worker): the auditor's list filters.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Category } from '#shared/campaign';

export type Route =
  | { page: 'home'; query?: string }
  | { page: 'new'; category: Category }
  | { page: 'nomination'; id: string }
  | { page: 'public' | 'o' | 'login'; id: string }
  | { page: 'notFound' };

export function parseRoute(hash: string): Route {
  const [p, query] = hash.replace(/^#/, '').split('?');
  const path = p || '/';
  if (path === '/') return { page: 'home', query };
  const m = /^\/n\/(?:new\/([a-z][a-z0-9-]{0,39})|([0-9A-Za-z]{1,40}))$/.exec(path);
  if (m?.[1]) return { page: 'new', category: m[1] };
  if (m?.[2]) return { page: 'nomination', id: m[2] };
  // #/public/<campaignId>: the city publicity, no login; #/o/<page>: the county's and city's pages;
  // #/login/<code> (ABCD-EFGH-JK23): the link on a printed code sheet, which fills in the login form.
  const o = /^\/(public|o|login)\/([0-9A-Za-z-]{1,40})$/.exec(path);
  if (o) return { page: o[1] as 'public' | 'o' | 'login', id: o[2] as string };
  return { page: 'notFound' };
}

export function useRoute(): Route {
  // the hash, not the parsed route, is the state: setting the same hash again renders nothing
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => {
      setHash(location.hash);
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', onChange);
    // the hash may have changed between the first render and this subscription (a link followed
    // while the app was starting): read it once more, or that page would never show
    setHash(location.hash);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return useMemo(() => parseRoute(hash), [hash]);
}

export function go(path: string): void {
  location.hash = path;
}
