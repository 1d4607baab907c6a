/**
 * The process pages, one lazy chunk away from the unit's first load: the public publicity page
 * (#/public/<campaignId>, no login), the county's inbox and report (#/, #/o/report), the city
 * office's dashboard, meeting and objection cases (#/, #/o/meeting, #/o/cases), its accounts and
 * settings (#/o/accounts, #/o/settings), the exports (#/o/exports, also the auditor's), the
 * campaigns an account takes part in (#/o/campaigns, every role), and the steps panel under a
 * nomination (#/n/<id>). One chunk: pages sharing chunks would split Preact
 * out of the unit's entry.
 */
import type { Principal } from '#shared/roles';
import type { Route } from '../../route.ts';
import type { Session } from '../../storage.ts';
import { AccountsPage } from '../AccountsPage/AccountsPage.tsx';
import { CampaignSettingsPage } from '../CampaignSettings/CampaignSettings.tsx';
import { CampaignsPage } from '../CampaignsPage/CampaignsPage.tsx';
import { CasesList } from '../CasesList/CasesList.tsx';
import { CityDashboard } from '../CityDashboard/CityDashboard.tsx';
import { CountyInbox } from '../CountyInbox/CountyInbox.tsx';
import { CountyReport } from '../CountyReport/CountyReport.tsx';
import { ExportPage } from '../ExportPage/ExportPage.tsx';
import { ProcessPanel } from '../ProcessPanel/ProcessPanel.tsx';
import { PublicityPage } from '../PublicityPage/PublicityPage.tsx';
import { ReviewMeeting } from '../ReviewMeeting/ReviewMeeting.tsx';

export function Process({
  route,
  principal,
  onSession,
}: {
  route: Route;
  principal?: Principal;
  /** The session of another campaign the account switched to. */
  onSession?: (s: Session) => void;
}) {
  if (route.page === 'public') return <PublicityPage campaignId={route.id} />;
  if (!principal) return null;
  if (route.page === 'nomination') return <ProcessPanel id={route.id} role={principal.role} />;
  const city = principal.role === 'city';
  if (route.page === 'o') {
    if (route.id === 'campaigns' && onSession)
      return <CampaignsPage principal={principal} onSession={onSession} />;
    if (route.id === 'report' && principal.role === 'county') return <CountyReport principal={principal} />;
    if (route.id === 'meeting' && city) return <ReviewMeeting principal={principal} />;
    if (route.id === 'cases' && city) return <CasesList principal={principal} />;
    // Exports: the city office, a county (its region) and the auditor; never a unit.
    if (route.id === 'exports' && principal.role !== 'unit') return <ExportPage principal={principal} />;
    if (route.id === 'accounts' && city) return <AccountsPage principal={principal} />;
    if (route.id === 'settings' && city) return <CampaignSettingsPage principal={principal} />;
    return (
      <p class="card">
        页面不存在。<a href="#/">返回首页</a>
      </p>
    );
  }
  return city ? <CityDashboard principal={principal} /> : <CountyInbox principal={principal} />;
}
