/**
 * One nomination as the auditor sees it (#/n/{id}): the form read only, the ID number masked,
 * every version of the photo, and the full history of the record with its chain's verdict.
 * On a wide screen the history stands beside the form.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Campaign, categoriesOf } from '#shared/campaign';
import { levelNames } from '#shared/levels';
import type { NominationView } from '#shared/nomination';
import { ApiFailure, getNomination, loadCampaign } from '../../api.ts';
import { getHistory, listScans, type NominationHistory, type ScanRecord } from '../Auditor/audit-api.ts';
import { lastList } from '../Auditor/auditor.ts';
import type { CategoryNames } from '../NominationTimeline/event-labels.ts';
import { NominationTimeline } from '../NominationTimeline/NominationTimeline.tsx';
import { PhotoVersions } from '../PhotoVersions/PhotoVersions.tsx';
import { ReadOnlyNomination } from '../ReadOnlyNomination/ReadOnlyNomination.tsx';
import { ScanVersions } from '../ScanVersions/ScanVersions.tsx';

const categoryNames = (c: Campaign): CategoryNames =>
  Object.fromEntries(categoriesOf(c).map((x) => [x.id, x.label]));

const failure = (e: unknown) => (e instanceof ApiFailure ? e.message : '加载失败，请重试');

export function AuditorNomination({ id }: { id: string }) {
  const [view, setView] = useState<NominationView | null>(null);
  const [history, setHistory] = useState<NominationHistory | null>(null);
  const [scans, setScans] = useState<ScanRecord[]>([]);
  const [scansError, setScansError] = useState('');
  const [error, setError] = useState('');
  const [campaign, setCampaign] = useState<Campaign | undefined>();

  const load = () => {
    setError('');
    const fail = (e: unknown) => setError(failure(e));
    getNomination(id).then((v) => {
      setView(v);
      // the form and the history's category names read it: one request for both
      loadCampaign(v.campaignId).then((info) => setCampaign(info.campaign), fail);
    }, fail);
    getHistory(id).then(setHistory, fail);
    setScansError('');
    listScans(id).then(
      (r) => setScans(r.scans),
      // A 404 is the nomination's own (said above) or a server without scans yet: nothing to add.
      (e) => (e instanceof ApiFailure && e.status === 404 ? undefined : setScansError(failure(e))),
    );
  };
  useEffect(load, []);

  return (
    <>
      <div class="title-row">
        <a href={lastList.query ? `#/?${lastList.query}` : '#/'} class="back">
          ‹ 返回列表
        </a>
      </div>
      {error && (
        <div class="card">
          <p class="err" role="alert">
            {error}
          </p>
          <button type="button" onClick={load}>
            重试
          </button>
        </div>
      )}
      <div class="audit-cols">
        <div class="col-main">
          {view ? (
            <>
              {campaign ? (
                <ReadOnlyNomination view={view} campaign={campaign} />
              ) : (
                <p class="loading">正在加载…</p>
              )}
              {/* No upload yet: the form's photo card already says so. */}
              {view.photos && view.photos.length > 0 && <PhotoVersions photos={view.photos} />}
              {scans.length > 0 && <ScanVersions scans={scans} />}
              {scansError && (
                <p class="card err" role="alert">
                  扫描件加载失败：{scansError}
                </p>
              )}
            </>
          ) : (
            !error && <p class="loading">正在加载推荐表…</p>
          )}
        </div>
        <div class="col-side">
          {history ? (
            <NominationTimeline
              history={history}
              photos={view?.photos}
              categories={campaign ? categoryNames(campaign) : {}}
              {...(campaign ? { levels: levelNames(campaign.definition) } : {})}
            />
          ) : (
            !error && <p class="loading">正在加载修改记录…</p>
          )}
        </div>
      </div>
    </>
  );
}
