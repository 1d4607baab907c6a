/**
 * The city office's dashboard (#/ for the city account): each region's quota per category and
 * its nominations by state, what the nominations in play still lack per region (with the total);
 * the review meeting, the city publicity and the final confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { CATEGORY_LABELS, type Category } from '#shared/campaign';
import { type NominationStatus, STATUS_LABELS } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { officialDate } from '#shared/text';
import { MATERIAL_GAP_LABELS, MATERIAL_GAPS, type MissingMaterials } from '#shared/workflow';
import { CONFIRMATIONS } from '../ConfirmDialog/ConfirmDialog.tsx';
import { CountyInbox } from '../CountyInbox/CountyInbox.tsx';
import { Field, failureOf, LoadFailed, StepForm, str, today } from '../Process/form.tsx';
import {
  type BatchResult,
  confirmList,
  type Dashboard,
  getDashboard,
  startCityPublicity,
} from '../Process/process-api.ts';
import '../Process/style.ts';

function Batch({ result }: { result: BatchResult | null }) {
  if (!result) return null;
  return (
    <div role="status">
      {/* Nothing done is not a success: neutral, not green. */}
      <p class={result.done.length ? 'ok' : 'hint'}>
        {result.done.length
          ? `完成 ${result.done.length} 个`
          : result.refused.length
            ? '本次未办理任何对象，原因如下：'
            : '没有对象可以办理'}
      </p>
      {result.refused.map((r) => (
        <p class="err" key={r.id}>
          <a href={`#/n/${r.id}`}>{r.name}</a>：{r.message}
        </p>
      ))}
    </div>
  );
}

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
      <p class="hint">已报送县区、尚在评选中的对象（不含已撤回、未推荐、未通过、已撤销和已确定的）。</p>
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
  const [result, setResult] = useState<BatchResult | null>(null);
  const load = () => {
    setError('');
    getDashboard(id).then(setData, (e) => setError(failureOf(e).message));
  };
  useEffect(load, []);
  if (error) return <LoadFailed error={error} retry={load} />;
  if (!data) return <p class="loading">正在加载…</p>;
  const cats: Category[] = ['collective', 'worker'];
  const counts = (c: Partial<Record<NominationStatus, number>>) =>
    Object.entries(c)
      .filter(([, n]) => n)
      .map(([s, n]) => `${STATUS_LABELS[s as NominationStatus] ?? s} ${n}`)
      .join('，') || '—';
  const pub = data.cityPublicity;
  return (
    <>
      <section class="card">
        <h1>市评选办</h1>
        <p class="nav">
          <a href="#/o/meeting">评审会议</a> <a href="#/o/cases">异议处理</a>{' '}
          <a href={`#/public/${id}`}>公示页面</a> <a href="#/o/accounts">账号管理</a>{' '}
          <a href="#/o/settings">评选设置</a> <a href="#/o/exports">导出材料</a>
        </p>
        <p class="meta">
          评审会议：
          {data.meeting
            ? `${officialDate(data.meeting.date)}，成员 ${data.meeting.members} 人，到会 ${data.meeting.present} 人`
            : '尚未登记'}
        </p>
        <p class="meta">
          市级公示：{pub ? `${officialDate(pub.startsOn)} 至 ${officialDate(pub.endsOn)}` : '尚未开始'}
        </p>
      </section>
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
                  cats.map((c) => {
                    const u = r.categories[c];
                    return u ? (
                      <tr key={r.regionId + c}>
                        <th scope="row">{r.regionName}</th>
                        <td>{CATEGORY_LABELS[c]}</td>
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
        </section>
        <MissingMaterialsTable data={data} />
      </div>
      <section class="card cols">
        <StepForm
          title="市级公示"
          submit="开始市级公示"
          confirm={CONFIRMATIONS.startCityPublicity}
          build={(fd) => ({ startsOn: str(fd, 'startsOn') })}
          run={(body) => startCityPublicity(id, (body as { startsOn: string }).startsOn)}
          onDone={(r) => {
            setResult(r);
            load();
          }}
        >
          {(err) => (
            <Field id="cp-start" name="startsOn" label="公示开始日期" hint="公示期按工作日计算" err={err}>
              <input id="cp-start" name="startsOn" type="date" defaultValue={today()} />
            </Field>
          )}
        </StepForm>
        <StepForm
          title="正式确定"
          submit="公示期满，正式确定名单"
          confirm={CONFIRMATIONS.confirm}
          build={() => undefined}
          run={() => confirmList(id)}
          onDone={(r) => {
            setResult(r);
            load();
          }}
        />
      </section>
      <Batch result={result} />
      <CountyInbox principal={principal} city />
    </>
  );
}
