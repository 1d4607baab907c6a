/** GET /api/nominations/{id}/history — every event of the nomination's chain, with its verification. */

import { chainEvents } from '#lib/audit';
import { httpRoute } from '#lib/http';
import { chainOf, readNomination } from '#lib/nominations';
import { verifyChain } from '#shared/audit';

export const handler = httpRoute('nominationHistory', {}, async ({ principal, params }) => {
  const n = await readNomination(principal, params.id as string);
  const events = await chainEvents(chainOf(n.id));
  const broken = await verifyChain(chainOf(n.id), events, { seq: n.auditSeq, hash: n.auditHead });
  return {
    body: {
      events: events.map((e) => e.event),
      verified: broken === null,
      ...(broken ? { break: broken } : {}),
    },
  };
});
