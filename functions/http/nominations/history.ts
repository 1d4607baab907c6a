/**
 * GET /api/nominations/{id}/history — every event of the nomination's chain, with its
 * verification, and the name of each account that acted (`actors`: account id → unit or office).
 */
import { accountNames } from '#lib/accounts';
import { chainEvents } from '#lib/audit';
import { httpRoute } from '#lib/http';
import { chainOf, readNomination } from '#lib/nominations';
import { verifyChain } from '#shared/audit';

export const handler = httpRoute('nominationHistory', {}, async ({ principal, params }) => {
  const n = await readNomination(principal, params.id as string);
  const events = await chainEvents(chainOf(n.id));
  const [broken, actors] = await Promise.all([
    verifyChain(chainOf(n.id), events, { seq: n.auditSeq, hash: n.auditHead }),
    accountNames(events.map((e) => e.event.actor.accountId).filter(Boolean)),
  ]);
  return {
    body: {
      events: events.map((e) => e.event),
      actors,
      verified: broken === null,
      ...(broken ? { break: broken } : {}),
    },
  };
});
