/** GET /api/nominations/{id}/history — every event of the nomination's chain, with its verification (the record's too). */

import { chainEvents } from '#lib/audit';
import { httpRoute } from '#lib/http';
import { chainOf, readNomination } from '#lib/nominations';
import { recordBreak, verifyChain } from '#shared/audit';

export const handler = httpRoute('nominationHistory', {}, async ({ principal, params }) => {
  const n = await readNomination(principal, params.id as string);
  const events = await chainEvents(chainOf(n.id));
  const chain = chainOf(n.id);
  // the chain, then the record against the state its newest event sealed
  const broken =
    (await verifyChain(chain, events, { seq: n.auditSeq, hash: n.auditHead })) ??
    (await recordBreak(chain, events, n as unknown as Record<string, unknown>));
  return {
    body: {
      events: events.map((e) => e.event),
      verified: broken === null,
      ...(broken ? { break: broken } : {}),
    },
  };
});
