/**
 * The county's quota table: its region's places per category, how many its recommendations hold,
 * and beside each category the share rules its places count against, so the reviewer sees a
 * rule at its limit before recommending. (The unit's home has its own, lighter table.)
 */
import { type CategoryBrief, labelIn, type QuotaUse } from '#shared/campaign';
import type { ShareUse } from '#shared/share-rules';
import { ShareUses } from './ShareUses.tsx';

const ruleCell = (own: readonly ShareUse[]) => (own.length ? <ShareUses shares={own} /> : '—');

export function RegionQuotas(props: {
  regionName: string;
  quotas: readonly QuotaUse[];
  shares: readonly ShareUse[] | undefined;
  categories: readonly CategoryBrief[];
}) {
  const { quotas, shares = [], categories } = props;
  return (
    <table class="table quota">
      <caption>{props.regionName}名额</caption>
      <thead>
        <tr>
          <th scope="col">类别</th>
          <th scope="col">名额</th>
          <th scope="col">已推荐</th>
          <th scope="col">剩余</th>
          {shares.length > 0 && <th scope="col">比例规则</th>}
        </tr>
      </thead>
      <tbody>
        {quotas.map((q) => (
          <tr key={q.category}>
            <th scope="row">{labelIn(categories, q.category)}</th>
            <td>{q.quota}</td>
            <td>{q.used}</td>
            <td>{Math.max(0, q.quota - q.used)}</td>
            {shares.length > 0 && <td>{ruleCell(shares.filter((s) => s.category === q.category))}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
