/**
 * The city office's dashboard (#/ for the city account): each region's quota per category and
 * its nominations by state, the share rules' use, what the nominations in play still lack per region (with the total);
 * the review meeting, the city publicity and the final confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { inLevels } from '#shared/levels';
import { type NominationStatus, STATUS_LABELS, statusLabelIn } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { officialDate } from '#shared/text';
import { MATERIAL_GAP_LABELS, MATERIAL_GAPS, type MissingMaterials } from '#shared/workflow';
import '../Admin/style.ts';
import { CalendarWarning } from '../CalendarWarning/CalendarWarning.tsx';
import { CountyInbox } from '../CountyInbox/CountyInbox.tsx';
import { failureOf, LoadFailed } from '../Process/form.tsx';
import { type Dashboard, getDashboard } from '../Process/process-api.ts';
import '../Process/style.ts';
import { PublicityRounds } from '../PublicityRounds/PublicityRounds.tsx';
import { ShareUses } from '../ShareUses/ShareUses.tsx';

/** Per region: nominations in play, how many lack materials, and how many lack each; then the total. */
function MissingMaterialsTable({ data }: { data: Dashboard }) {
  const row = (name: string, m: MissingMaterials) => (
    <>
      <th scope="row">{name}</th>
      <td>{m.inPlay}</td>
      <td class={m.incomplete ? 'gap' : undefined}>{m.incomplete}</td>
      {MATERIAL_GAPS.map((g) => (
        <td key={g} class={m.gaps[g] ? 'gap' : undefined}>
          {m.gaps[g]}
        </td>
      ))}
    </>
  );
  return (
    <section class="card" aria-labelledby="missing-title">
      <h2 id="missing-title">材料缺漏</h2>
      <p class="hint">
        {inLevels(
          '已报送县区、尚在评选中的对象（不含已撤回、未推荐、未通过、已撤销和已确定的）。',
          data.levels,
        )}
      </p>
      <div class="scroll">
        <table class="table numbers regions" aria-labelledby="missing-title">
          <thead>
            <tr>
              <th scope="col">地区</th>
              <th scope="col">在办对象</th>
              <th scope="col">材料不全</th>
              {MATERIAL_GAPS.map((g) => (
                <th scope="col" key={g}>
                  {MATERIAL_GAP_LABELS[g]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.regions.map((r) => (
              <tr key={r.regionId}>{row(r.regionName, r.missing)}</tr>
            ))}
          </tbody>
          <tfoot>
            <tr>{row('合计', data.missing)}</tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

export function CityDashboard({ principal }: { principal: Principal }) {
  const id = principal.campaignId;
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState('');
  const load = () => {
    setError('');
    getDashboard(id).then(setData, (e) => setError(failureOf(e).message));
  };
  useEffect(load, []);
  if (error) return <LoadFailed error={error} retry={load} />;
  if (!data) return <p class="loading">正在加载…</p>;
  const counts = (c: Partial<Record<NominationStatus, number>>) =>
    Object.entries(c)
      .filter(([, n]) => n)
      .map(
        ([s, n]) =>
          `${STATUS_LABELS[s as NominationStatus] ? statusLabelIn(s as NominationStatus, data.levels) : s} ${n}`,
      )
      .join('，') || '—';
  const pub = data.cityPublicityRounds?.at(-1);
  return (
    <>
      <section class="card">
        <h1>{data.levels.top}</h1>
        <p class="meta">{data.title}</p>
        <p class="nav">
          <a href="#/o/meeting">评审会议</a> <a href="#/o/cases">异议处理</a>{' '}
          <a href={`#/public/${id}`}>公示页面</a> <a href="#/o/accounts">账号管理</a>{' '}
          <a href="#/o/settings">评选设置</a> <a href="#/o/exports">导出材料</a>{' '}
          <a href="#/o/campaigns">评选活动</a>
        </p>
        <p class="meta">
          评审会议：
          {data.meeting
            ? `${officialDate(data.meeting.date)}，成员 ${data.meeting.members} 人，到会 ${data.meeting.present} 人`
            : '尚未登记'}
        </p>
        <p class="meta">
          {data.levels.topLevel}公示：
          {pub
            ? `第 ${pub.round} 轮，${officialDate(pub.startsOn)} 至 ${officialDate(pub.endsOn)}`
            : '尚未开始'}
        </p>
      </section>
      <CalendarWarning />
      <div class="wide-cols">
        <section class="card" aria-labelledby="dash-title">
          <h2 id="dash-title">各地推荐情况</h2>
          <div class="scroll">
            <table class="table regions" aria-labelledby="dash-title">
              <thead>
                <tr>
                  <th scope="col">地区</th>
                  <th scope="col">类别</th>
                  <th scope="col">名额</th>
                  <th scope="col">已用</th>
                  <th scope="col">剩余</th>
                  <th scope="col">各状态数量</th>
                </tr>
              </thead>
              <tbody>
                {data.regions.flatMap((r) =>
                  data.categories.map((c) => {
                    const u = r.categories[c.id];
                    return u ? (
                      <tr key={r.regionId + c.id}>
                        <th scope="row">{r.regionName}</th>
                        <td>{c.label}</td>
                        <td>{u.quota}</td>
                        <td>{u.used}</td>
                        <td>{u.left}</td>
                        <td>{counts(u.counts)}</td>
                      </tr>
                    ) : null;
                  }),
                )}
              </tbody>
            </table>
          </div>
          <ShareUses shares={data.shares} />
        </section>
        <MissingMaterialsTable data={data} />
      </div>
      <PublicityRounds
        campaignId={id}
        rounds={data.cityPublicityRounds ?? []}
        length={data.cityPublicityLength}
        {...(data.meeting ? { meetingDate: data.meeting.date } : {})}
        onChanged={load}
        levels={data.levels}
      />
      <CountyInbox principal={principal} city categories={data.categories} />
    </>
  );
}
