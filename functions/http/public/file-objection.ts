/** POST /api/public/campaigns/{id}/objections — anyone files an objection; limited per client address. */

import { limitPerClient } from '#lib/accounts';
import { publicRoute } from '#lib/http-core';
import { count } from '#lib/observability';
import { fileObjection } from '#lib/process';
import { objectionBody } from '#shared/workflow-bodies';

export const handler = publicRoute(
  'fileObjection',
  { body: objectionBody },
  async ({ params, body, sourceIp, now, requestId }) => {
    await limitPerClient('objection', sourceIp, now, { perHour: 10 });
    const ctx = {
      actor: { accountId: `public:${sourceIp}`, role: 'system' as const },
      requestId,
      now: now.toISOString(),
    };
    const filed = await fileObjection(params.id as string, body, ctx);
    count('ObjectionsFiled', { name: 'accepted', value: String(filed.accepted) });
    return {
      statusCode: 201,
      body: {
        ...filed,
        message: filed.accepted
          ? '异议已受理，我们将核实处理并与您联系'
          : '异议已记录；匿名或未留联系电话的异议不予受理',
      },
    };
  },
);
