/**
 * A nomination's history as the auditor reads it: every event of its chain, oldest first, with
 * when, who (role and account), what, and each field's value before and after. Above it, the
 * chain's verdict; when the chain is broken, the event where it breaks is marked (and a missing
 * one is shown where it should be).
 */
import type { AuditEvent, ChainBreak } from '#shared/audit';
import { inLevels, type LevelNames, PUYANG_LEVELS } from '#shared/levels';
import type { PhotoVersion } from '#shared/nomination';
import { dateTime } from '../../format.ts';
import type { NominationHistory } from '../Auditor/audit-api.ts';
import {
  actionLabel,
  actorLabel,
  byFormOrder,
  type CategoryNames,
  fieldLabel,
  type Shown as ShownValue,
  shownValue,
} from './event-labels.ts';
import '../Lazy/style.ts';

/** Past this many characters a value is folded (主要事迹 runs to 2,000). */
const FOLD_AT = 120;

/** photoId → which upload it was (1 = the first). */
type Uploads = Record<string, number>;

/** The fields whose values are states: named in the campaign's words (what people typed stays verbatim). */
const STATE_FIELDS = new Set(['status', 'startedFrom']);

function Value(props: {
  field: string;
  value: unknown;
  uploads: Uploads;
  categories: CategoryNames;
  levels: LevelNames;
}) {
  const { field, value, uploads } = props;
  const nth = typeof value === 'string' && /^(photo|acceptedPhoto)$/.test(field) ? uploads[value] : undefined;
  if (nth)
    return (
      <>
        第 {nth} 次上传的照片
        <br />
        <span class="mono">{String(value)}</span>
      </>
    );
  const shown = shownValue(field, value, props.categories);
  return (
    <Shown
      shown={STATE_FIELDS.has(field) && typeof shown === 'string' ? inLevels(shown, props.levels) : shown}
    />
  );
}

/** Text (folded past FOLD_AT characters), or labelled parts, one per line. */
function Shown({ shown }: { shown: ShownValue }) {
  if (typeof shown !== 'string')
    return (
      <dl class="parts">
        {shown.map((p, i) => (
          <div key={`${i}${p.label}`}>
            <dt>{p.label}</dt>
            <dd>
              <Shown shown={p.value} />
            </dd>
          </div>
        ))}
      </dl>
    );
  // A record's id (a scan, a case): an identifier to match against, set apart like the hashes.
  if (/^[0-9A-Z]{26}$/.test(shown)) return <span class="mono">{shown}</span>;
  if (shown.length <= FOLD_AT) return <>{shown}</>;
  return (
    <details>
      <summary>
        {shown.slice(0, 60)}…（共 {shown.length} 字）
      </summary>
      {shown}
    </details>
  );
}

function Event({
  event,
  broken,
  uploads,
  actors,
  categories,
  levels,
}: {
  event: AuditEvent;
  broken?: ChainBreak;
  uploads: Uploads;
  actors: Record<string, string>;
  categories: CategoryNames;
  levels: LevelNames;
}) {
  return (
    <li class={broken ? 'event broken' : 'event'} id={`event-${event.seq}`}>
      <p class="event-head">
        <span class="seq">第 {event.seq} 条</span>
        <strong class="action">{inLevels(actionLabel(event.action), levels)}</strong>
        <time dateTime={event.at}>{dateTime(event.at)}</time>
      </p>
      <p class="sub">{actorLabel(event.actor, actors)}</p>
      {broken && (
        <p class="err" role="alert">
          校验未通过：{broken.message}
        </p>
      )}
      {event.changes.length > 0 && (
        <table class="diff">
          <thead>
            <tr>
              <th scope="col">字段</th>
              <th scope="col">修改前</th>
              <th scope="col">修改后</th>
            </tr>
          </thead>
          <tbody>
            {byFormOrder(event.changes).map((c) => {
              const cell = { field: c.field, uploads, categories, levels };
              return (
                <tr key={c.field}>
                  <th scope="row">{inLevels(fieldLabel(c.field), levels)}</th>
                  <td class="before">
                    <Value {...cell} value={c.before} />
                  </td>
                  <td class="after">
                    <Value {...cell} value={c.after} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="proof">
        请求 <span class="mono">{event.requestId}</span> · 哈希{' '}
        <span class="mono" title={event.hash}>
          {event.hash.slice(0, 16)}…
        </span>
      </p>
    </li>
  );
}

export function NominationTimeline({
  history,
  photos = [],
  categories = {},
  levels = PUYANG_LEVELS,
}: {
  history: NominationHistory;
  /** The nomination's photo versions, newest first: photo ids in the diffs are named by them. */
  photos?: PhotoVersion[];
  /** The campaign's category names, to read a category's id by. */
  categories?: CategoryNames;
  /** The campaign's level names (县区, 市评选办), for the steps' and fields' names. */
  levels?: LevelNames;
}) {
  const uploads: Uploads = {};
  photos.forEach((p, i) => {
    uploads[p.photoId] = photos.length - i;
  });
  const { events, verified } = history;
  const broken = verified ? undefined : history.break;
  const at = broken ? events.findIndex((e) => e.seq >= broken.seq) : -1;
  // The break names a position no event holds (a deleted one, or one past the end): show the gap.
  const gap = broken && (at < 0 || events[at]?.seq !== broken.seq);
  const gapAt = at < 0 ? events.length : at;
  const items = events.map((e) => (
    <Event
      key={e.seq}
      event={e}
      uploads={uploads}
      actors={history.actors ?? {}}
      categories={categories}
      levels={levels}
      broken={broken && e.seq === broken.seq ? broken : undefined}
    />
  ));
  if (broken && gap) items.splice(gapAt, 0, <Gap key="gap" broken={broken} />);
  const locate = () => {
    if (broken) document.getElementById(`event-${broken.seq}`)?.scrollIntoView({ block: 'center' });
  };

  return (
    <section class="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">修改记录（{events.length} 条）</h2>
      {broken ? (
        <div class="chain-bad" role="alert">
          <p>
            <span class="badge bad">审计链断裂</span> 第 {broken.seq} 条：{broken.message}
          </p>
          <p class="hint">从这一条起的记录不能证明未被改动。</p>
          <button type="button" class="link" onClick={locate}>
            定位到第 {broken.seq} 条
          </button>
        </div>
      ) : verified ? (
        <p>
          <span class="badge good">已校验</span> 审计链完整，{events.length} 条记录的哈希逐条相接。
        </p>
      ) : (
        <p>
          <span class="badge bad">未通过校验</span>
        </p>
      )}
      {events.length === 0 && !gap && <p class="empty">没有记录。</p>}
      <ol class="events">{items}</ol>
    </section>
  );
}

function Gap({ broken }: { broken: ChainBreak }) {
  return (
    <li class="event broken missing" id={`event-${broken.seq}`}>
      <p class="event-head">
        <span class="seq">第 {broken.seq} 条</span>
        <strong class="action">记录有误</strong>
      </p>
      <p class="err" role="alert">
        校验未通过：{broken.message}
      </p>
    </li>
  );
}
