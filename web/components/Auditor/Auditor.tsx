/**
 * The auditor's pages, one lazy chunk away from the unit's first load: the campaign's list with
 * the audit chain and log (#/, filters in the hash: #/?category=worker) and one nomination with
 * its history (#/n/<id>). One chunk: pages sharing chunks can split Preact out of the entry.
 */
import type { Principal } from '#shared/roles';
import type { Route } from '../../route.ts';
import { AuditorHome } from '../AuditorHome/AuditorHome.tsx';
import { AuditorNomination } from '../AuditorNomination/AuditorNomination.tsx';

export function Auditor({ route, principal }: { route: Route; principal: Principal }) {
  if (route.page === 'nomination') return <AuditorNomination key={route.id} id={route.id} />;
  if (route.page === 'home') return <AuditorHome principal={principal} query={route.query} />;
  return (
    <p class="card">
      页面不存在。<a href="#/">返回首页</a>
    </p>
  );
}
