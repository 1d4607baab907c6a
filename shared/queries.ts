/**
 * Query-string schemas of the API. Apart from the bodies (api.ts) so that the phone bundle,
 * which imports bodies, does not carry them: zod checks are not tree-shaken.
 */
import * as z from 'zod/mini';
import './zod.ts';
import { ULID } from './api.ts';
import { CATEGORY_ID } from './campaign.ts';
import { NOMINATION_STATUSES } from './nomination.ts';

/**
 * Query parameters of the nomination list. Query strings are text; numbers are read from it.
 * The descriptions are the OpenAPI document's (no page shows them).
 */
export const listFiltersSchema = z.strictObject({
  limit: z.optional(
    z
      .pipe(
        z
          .string()
          .check(z.regex(/^\d{1,3}$/, '每页条数应为 1 到 100'), z.describe('每页条数，1 到 100，默认 20')),
        z.transform(Number),
      )
      .check(z.gte(1, '每页条数应为 1 到 100'), z.lte(100, '每页条数应为 1 到 100')),
  ),
  cursor: z.optional(
    z
      .string()
      .check(z.maxLength(2000, '分页参数有误'), z.describe('上一页答复的 nextCursor（只对同一查询有效）')),
  ),
  region: z.optional(
    z
      .string()
      .check(z.regex(/^[a-z0-9-]{1,40}$/, '地区参数有误'), z.describe('地区 id（县区账号总是本地区）')),
  ),
  status: z.optional(z.enum(NOMINATION_STATUSES, { error: '状态参数有误' }).check(z.describe('状态'))),
  category: z.optional(z.string().check(z.regex(CATEGORY_ID, '类别参数有误'), z.describe('类别'))),
  unit: z.optional(
    z.string().check(z.regex(ULID, '单位参数有误'), z.describe('推荐单位 id（单位账号总是本单位）')),
  ),
});
