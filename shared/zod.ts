/**
 * zod/mini, configured once so that its own messages (wrong type, unknown value …) come in
 * Chinese. Every schema in shared/ imports `z` from here, so the API and the web form agree.
 */
import { z } from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';

z.config(zhCN());

export { z };
