/**
 * The deployment's holidays, from the State Council's yearly notice (settings page, city office):
 * the years saved so far, a box to paste a notice into, the holidays and make-up working days the
 * parser read (date, 放假/上班, festival) for the office to check, and saving them for every
 * campaign. The preview runs the same parser the server saves with, so what is shown is what is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { type HolidayNotice, parseHolidayNotice } from '#shared/holiday-notice';
import { officialDate } from '#shared/text';
import { getHolidayCalendar, type HolidayCalendar, saveHolidayNotice } from '../Admin/admin-api.ts';
import { failureOf } from '../Process/form.tsx';

const WEEKDAYS = '日一二三四五六';
const weekday = (date: string) => `星期${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/** The notice's days as a table: date, weekday, 放假 or 上班, festival. */
function NoticeTable({ notice, caption }: { notice: HolidayNotice; caption: string }) {
  return (
    <div class="scroll">
      <table class="table" aria-label={caption}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">日期</th>
            <th scope="col">星期</th>
            <th scope="col">安排</th>
            <th scope="col">节日</th>
          </tr>
        </thead>
        <tbody>
          {notice.days.map((d) => (
            <tr key={d.date} class={d.kind === 'workday' ? 'workday' : undefined}>
              <td>{officialDate(d.date)}</td>
              <td>{weekday(d.date)}</td>
              <td>{d.kind === 'holiday' ? '放假' : '上班'}</td>
              <td>{d.festival}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const tally = (n: HolidayNotice) => {
  const off = n.days.filter((d) => d.kind === 'holiday').length;
  return `放假 ${off} 天，调休上班 ${n.days.length - off} 天`;
};

export function HolidayNotices({ onSaved }: { onSaved?: () => void }) {
  const [calendar, setCalendar] = useState<HolidayCalendar | null>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<HolidayNotice | null>(null);
  const [problem, setProblem] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => getHolidayCalendar().then(setCalendar, (e) => setProblem(failureOf(e).message));
  useEffect(() => {
    load();
  }, []);

  const read = (e: Event) => {
    e.preventDefault();
    setSaved('');
    const r = parseHolidayNotice(text);
    if (r.ok) {
      setPreview(r.notice);
      setProblem('');
    } else {
      setPreview(null);
      setProblem(r.problem.message);
    }
  };
  const save = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      await saveHolidayNotice(preview.year, text);
      setSaved(`${preview.year} 年节假日安排已保存，所有评选按此计算工作日`);
      setPreview(null);
      setText('');
      await load();
      onSaved?.();
    } catch (x) {
      setProblem(failureOf(x).message);
    } finally {
      setBusy(false);
    }
  };

  const years = Object.entries(calendar?.years ?? {}).sort(([a], [b]) => Number(b) - Number(a));
  return (
    <section class="card" aria-labelledby="hn-title" id="holidays">
      <h2 id="hn-title">法定节假日</h2>
      <p class="hint">
        工作日按国务院办公厅每年发布的《关于××××年部分节假日安排的通知》计算。
        {calendar && `系统内置 ${calendar.builtIn.from}—${calendar.builtIn.to} 年的安排；`}
        其他年份请粘贴通知全文，核对读出的放假和调休上班日期后保存，所有评选活动都将按此计算。
      </p>
      {years.length > 0 && (
        <ul class="saved-years">
          {years.map(([y, s]) => (
            <li key={y}>
              {y} 年：{s.title}（{tally({ year: Number(y), title: s.title, days: s.days })}），
              {s.savedBy} 于 {officialDate(s.savedAt.slice(0, 10))} 保存
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={read} noValidate aria-label="读取节假日安排通知">
        <div class={problem ? 'field invalid' : 'field'}>
          <label for="hn-text">通知全文</label>
          <textarea
            id="hn-text"
            name="text"
            rows={8}
            value={text}
            placeholder="国务院办公厅关于2027年部分节假日安排的通知……一、元旦：……"
            onInput={(e) => {
              setText((e.currentTarget as HTMLTextAreaElement).value);
              setPreview(null);
            }}
          />
          {problem && (
            <p class="err" role="alert">
              {problem}
            </p>
          )}
        </div>
        <button type="submit" class="block" disabled={!text.trim()}>
          读取通知
        </button>
      </form>
      {preview && (
        <div class="notice-preview">
          <p>
            <strong>{preview.title}</strong>：{tally(preview)}。请与通知原文核对。
          </p>
          <NoticeTable notice={preview} caption={`${preview.year} 年放假和调休上班日期`} />
          <button type="button" class="primary block" disabled={busy} onClick={save}>
            {busy ? '正在保存…' : `保存 ${preview.year} 年节假日安排`}
          </button>
        </div>
      )}
      {saved && (
        <p class="ok" role="status">
          {saved}
        </p>
      )}
    </section>
  );
}
