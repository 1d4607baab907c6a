/**
 * The share rules' use (比例规则), for the city office's dashboard and the inbox of a county whose
 * places a rule counts: the rule as the notice words it, and how many of the places the regions
 * without its tag may hold are taken (非农村学校已推荐 3 / 最多 16), so a reviewer sees it before
 * recommending. Nothing for a campaign without rules.
 */
import { type ShareUse, shareUseLine } from '#shared/share-rules';

export function ShareUses({ shares }: { shares: readonly ShareUse[] | undefined }) {
  if (!shares?.length) return null;
  return (
    <ul class="shares" aria-label="比例规则">
      {shares.map((s) => {
        const full = s.used >= s.limit;
        return (
          <li key={`${s.category}#${s.tag}`}>
            {s.text}：<strong class={full ? 'err' : undefined}>{shareUseLine(s)}</strong>
            {full ? '（已满，不能再推荐）' : ''}
          </li>
        );
      })}
    </ul>
  );
}
