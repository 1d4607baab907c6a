/**
 * Request bodies of the API, as zod/mini schemas: the handlers parse with these and the web app
 * checks with the same ones before it posts. Unknown fields are refused everywhere.
 */

import * as z from 'zod/mini';
import { PHOTO_CONTENT_TYPES } from './photo-rules.ts';
import './zod.ts';

/** Path ids are ULIDs: anything else is a 404, never a lookup. */
export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const loginBody = z.strictObject({
  code: z.string().check(z.trim(), z.minLength(1, '请输入登录码'), z.maxLength(64, '登录码过长')),
});

/** A campaign, by its id: the one a signed-in account switches to, or adds an account to. */
export const campaignIdBody = z.strictObject({
  campaignId: z.string({ error: '请选择评选活动' }).check(z.regex(ULID, '评选活动不存在')),
});

/**
 * The category and the form are checked against the campaign's definition in the handler (each
 * campaign has its own categories and forms); here only the shape of a category id.
 */
export const createNominationBody = z.strictObject({
  category: z.string({ error: '请选择类别' }).check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, '类别不存在')),
  form: z.optional(z.record(z.string(), z.unknown())),
});

/** Fields set to null are cleared; fields left out are kept. `version` is the one the client read. */
export const patchNominationBody = z.strictObject({
  version: z.int('请提供记录版本号'),
  form: z.record(z.string(), z.unknown()),
});

export const photoUploadBody = z.strictObject({
  contentType: z.enum(PHOTO_CONTENT_TYPES, { error: '照片格式应为 JPEG、PNG 或 WebP' }),
});

/** The largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;
