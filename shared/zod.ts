/**
 * zod/mini speaks Chinese: its own messages (wrong type, unknown value …) come in zh-CN.
 * Every schema module imports this once for the effect. Import zod itself as
 * `import * as z from 'zod/mini'`: the named `{ z }` object defeats tree-shaking and drags
 * every locale and the JSON-schema generator into each bundle.
 */
import { config } from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';

config(zhCN());
