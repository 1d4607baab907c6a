/**
 * The city office's campaign settings (#/o/settings): the quotas per region and category, with
 * what each region has used and a live sum against the campaign totals (the server refuses sums
 * that differ and quotas below use, naming the region); the pass rule, extended deadlines, the
 * extra holidays and make-up days of a year, and the objection channels.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Campaign, type Category, categoriesOf, categoryIds } from '#shared/campaign';
import { levelNames } from '#shared/levels';
import type { Principal } from '#shared/roles';
import { PASS_RULE_LABELS, PASS_RULES, type PassRule, voteRuleLabel, voteRuleOf } from '#shared/workflow';
import { getCampaign } from '../../api.ts';
import { type QuotaRow, type Settings, saveQuotas, saveSettings } from '../Admin/admin-api.ts';
import '../Admin/style.ts';
import { HolidayNotices } from '../HolidayNotices/HolidayNotices.tsx';
import { type Failure, Field, failureOf, LoadFailed, StepForm, str } from '../Process/form.tsx';
import { type Dashboard, getDashboard } from '../Process/process-api.ts';
import '../Process/style.ts';
import '../Lazy/style.ts';

type Quotas = Record<string, Record<Category, string>>;
const dates = (s: string) => s.split(/[\s,，、;；]+/).filter(Boolean);

export function QuotaForm({
  campaign,
  used,
  onSaved,
}: {
  campaign: Campaign;
  used: Record<string, Partial<Record<Category, number>>>;
  onSaved: () => void;
}) {
  const categories = categoriesOf(campaign);
  const ids = categoryIds(campaign);
  const [q, setQ] = useState<Quotas>(() =>
    Object.fromEntries(
      campaign.regions.map((r) => [r.id, Object.fromEntries(ids.map((c) => [c, String(r.quotas[c] ?? 0)]))]),
    ),
  );
  const [err, setErr] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const num = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN);
  const sum = (c: Category) => campaign.regions.reduce((n, r) => n + (num(q[r.id]?.[c] ?? '') || 0), 0);
  const set = (id: string, c: Category, v: string) => {
    setSaved(false);
    setQ({ ...q, [id]: { ...(q[id] as Record<Category, string>), [c]: v } });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    setSaved(false);
    const rows: QuotaRow[] = campaign.regions.map((r) => ({
      id: r.id,
      quotas: Object.fromEntries(ids.map((c) => [c, num(q[r.id]?.[c] ?? '')])),
    }));
    const bad = rows.find((r) => Object.values(r.quotas).some(Number.isNaN));
    if (bad) {
      setErr({ message: `${campaign.regions.find((r) => r.id === bad.id)?.name}的名额应为不小于 0 的整数` });
      return;
    }
    setBusy(true);
    try {
      await saveQuotas(campaign.id, rows);
      setSaved(true);
      onSaved();
    } catch (x) {
      setErr(failureOf(x));
    }
    setBusy(false);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="名额分配">
      <div class="scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">地区</th>
              {categories.map((c) => (
                <th scope="col" key={c.id}>
                  {c.label}名额（已用）
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {campaign.regions.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                {categories.map(({ id: c, label }) => {
                  const u = used[r.id]?.[c] ?? 0;
                  const v = q[r.id]?.[c] ?? '';
                  const below = num(v) < u;
                  return (
                    <td key={c}>
                      <input
                        class="quota-input"
                        inputMode="numeric"
                        name={`${r.id}.${c}`}
                        aria-label={`${r.name}${label}名额`}
                        aria-invalid={below || Number.isNaN(num(v)) ? 'true' : undefined}
                        value={v}
                        onInput={(e) => set(r.id, c, (e.currentTarget as HTMLInputElement).value)}
                      />{' '}
                      <span class={below ? 'sum bad' : 'meta'}>（已用 {u}）</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">合计</th>
              {ids.map((c) => {
                const s = sum(c);
                const t = campaign.totals[c] ?? 0;
                return (
                  <td key={c} class={s === t ? 'sum' : 'sum bad'} data-testid={`sum-${c}`}>
                    {s} / {t}
                    {s !== t && `（${s > t ? '多' : '少'} ${Math.abs(s - t)}）`}
                  </td>
                );
              })}
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="hint">各地区名额之和应等于总名额；名额不能少于该地区已用的数量。</p>
      {err && (
        <p class="err" role="alert">
          {err.message}
        </p>
      )}
      {saved && (
        <p class="ok" role="status">
          名额已保存
        </p>
      )}
      <button type="submit" class="primary block" disabled={busy}>
        {busy ? '正在保存…' : '保存名额'}
      </button>
    </form>
  );
}

const CHANNEL_LABELS = { phone: '电话', letter: '来信地址', email: '电子邮箱', visit: '来访地点' } as const;

/** The channels the public publicity page shows now (the phone falls back to the notice's contact, as there). */
function CurrentChannels({ campaign }: { campaign: Campaign }) {
  const ch = campaign.objectionChannels ?? {};
  return (
    <dl class="readonly" aria-label="当前异议受理渠道">
      {(Object.keys(CHANNEL_LABELS) as (keyof typeof CHANNEL_LABELS)[]).map((k) => (
        <div key={k}>
          <dt>{CHANNEL_LABELS[k]}</dt>
          <dd>{ch[k] || (k === 'phone' ? `${campaign.contact.phone}（沿用通知中的联系电话）` : '未设置')}</dd>
        </div>
      ))}
    </dl>
  );
}

function SettingsForm({ campaign, onSaved }: { campaign: Campaign; onSaved: (s: Settings) => void }) {
  const years = campaign.calendar?.years ?? {};
  const [year, setYear] = useState(String(campaign.workYear + 1));
  const y = years[year];
  const [saved, setSaved] = useState(false);
  const ch = campaign.objectionChannels ?? {};
  const levels = levelNames(campaign.definition);
  return (
    <StepForm<Settings>
      submit="保存设置"
      build={(fd) => {
        const extensions: Record<string, string> = {};
        for (const k of ['unitToCounty', 'countyToCity']) if (str(fd, k)) extensions[k] = str(fd, k);
        const objectionChannels: Record<string, string> = {};
        for (const k of ['phone', 'letter', 'email', 'visit'])
          if (str(fd, k)) objectionChannels[k] = str(fd, k);
        const holidays = dates(str(fd, 'holidays'));
        const workdays = dates(str(fd, 'workdays'));
        const yr = str(fd, 'year');
        const all = { ...years };
        if (holidays.length || workdays.length) all[yr] = { holidays, workdays };
        else delete all[yr];
        return {
          passRule: str(fd, 'passRule') as PassRule,
          extensions,
          objectionChannels,
          calendar: { years: all },
        };
      }}
      run={(body) => saveSettings(campaign.id, body as Settings)}
      onDone={(s) => {
        setSaved(true);
        onSaved(s);
      }}
    >
      {(err) => (
        <>
          <fieldset class="field">
            <legend>评审表决通过规则</legend>
            {PASS_RULES.map((r) => (
              <label class="check" key={r}>
                <input
                  type="radio"
                  name="passRule"
                  value={r}
                  defaultChecked={(campaign.passRule ?? 'as_notice') === r}
                />
                {r === 'as_notice'
                  ? `${PASS_RULE_LABELS[r]}：${voteRuleLabel(voteRuleOf({ definition: campaign.definition }))}`
                  : PASS_RULE_LABELS[r]}
              </label>
            ))}
          </fieldset>
          <h3>延长截止日期</h3>
          <Field
            id="st-u2c"
            name="unitToCounty"
            label={`单位报送${levels.middle}（原定 ${campaign.deadlines.unitToCounty}）`}
            err={err}
          >
            <input
              id="st-u2c"
              name="unitToCounty"
              type="date"
              defaultValue={campaign.extensions?.unitToCounty}
            />
          </Field>
          <Field
            id="st-c2c"
            name="countyToCity"
            label={`${levels.middle}报送${levels.top}（原定 ${campaign.deadlines.countyToCity}）`}
            err={err}
          >
            <input
              id="st-c2c"
              name="countyToCity"
              type="date"
              defaultValue={campaign.extensions?.countyToCity}
            />
          </Field>
          <h3>本次评选更正的节假日</h3>
          <p class="hint">
            一般无需填写：节假日以上方“法定节假日”为准。仅当本次评选须另行放假或上班时，按年份填写日期，每行或以逗号分隔一个（YYYY-MM-DD），优先于法定安排。
          </p>
          <Field id="st-year" name="year" label="年份" err={err}>
            <input
              id="st-year"
              name="year"
              inputMode="numeric"
              value={year}
              onInput={(e) => setYear((e.currentTarget as HTMLInputElement).value.trim())}
            />
          </Field>
          <Field id="st-hol" name="holidays" label="放假日期" err={err}>
            <textarea
              id="st-hol"
              name="holidays"
              rows={4}
              key={`h${year}`}
              defaultValue={y?.holidays.join('\n')}
            />
          </Field>
          <Field id="st-work" name="workdays" label="调休上班日期" err={err}>
            <textarea
              id="st-work"
              name="workdays"
              rows={3}
              key={`w${year}`}
              defaultValue={y?.workdays.join('\n')}
            />
          </Field>
          <h3>异议受理渠道</h3>
          <p class="hint">公示页面当前显示：</p>
          <CurrentChannels campaign={campaign} />
          <Field id="st-phone" name="phone" label="电话" hint="不填则沿用通知中的联系电话" err={err}>
            <input id="st-phone" name="phone" defaultValue={ch.phone} placeholder={campaign.contact.phone} />
          </Field>
          <Field id="st-letter" name="letter" label="来信地址" err={err}>
            <input id="st-letter" name="letter" defaultValue={ch.letter} />
          </Field>
          <Field id="st-email" name="email" label="电子邮箱" err={err}>
            <input id="st-email" name="email" type="email" defaultValue={ch.email} />
          </Field>
          <Field id="st-visit" name="visit" label="来访地点" err={err}>
            <input id="st-visit" name="visit" defaultValue={ch.visit} />
          </Field>
          {saved && (
            <p class="ok" role="status">
              设置已保存
            </p>
          )}
        </>
      )}
    </StepForm>
  );
}

export function CampaignSettingsPage({ principal }: { principal: Principal }) {
  const id = principal.campaignId;
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [dash, setDash] = useState<Dashboard | null>(null);
  const [error, setError] = useState('');
  const load = () => {
    setError('');
    Promise.all([getCampaign(id), getDashboard(id)]).then(
      ([i, d]) => {
        setCampaign(i.campaign);
        setDash(d);
      },
      (e) => setError(failureOf(e).message),
    );
  };
  useEffect(load, []);
  if (error) return <LoadFailed error={error} retry={load} />;
  if (!campaign || !dash) return <p class="loading">正在加载…</p>;
  const used = Object.fromEntries(
    dash.regions.map((r) => [
      r.regionId,
      Object.fromEntries(Object.entries(r.categories).map(([c, u]) => [c, u.used])),
    ]),
  );
  return (
    <>
      <section class="card">
        <p class="nav">
          <a href="#/">返回</a>
        </p>
        <h1>评选设置</h1>
        <p class="meta">{campaign.title}</p>
      </section>
      <HolidayNotices />
      <div class="wide-cols">
        <section class="card" aria-labelledby="st-quotas">
          <h2 id="st-quotas">名额分配</h2>
          <QuotaForm campaign={campaign} used={used} onSaved={load} />
        </section>
        <section class="card" aria-labelledby="st-rules">
          <h2 id="st-rules">规则与日期</h2>
          <SettingsForm campaign={campaign} onSaved={(s) => setCampaign({ ...campaign, ...s })} />
        </section>
      </div>
    </>
  );
}
