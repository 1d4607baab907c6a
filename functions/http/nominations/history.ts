/**
 * GET /api/nominations/{id}/history — every event of the nomination's chain, with its
 * verification, and the name of each account that acted (`actors`: account id → unit or office).
 */
import { accountNames } from '#lib/accounts';
import { chainEvents } from '#lib/audit';
import { httpRoute } from '#lib/http';
import { nominationChain } from '#lib/keys';
import { readNomination } from '#lib/nomination-records';
import { recordBreak, verifyChain } from '#shared/audit';

export const handler = httpRoute('nominationHistory', {}, async ({ principal, params }) => {
  const n = await readNomination(principal, params.id as string);
  const chain = nominationChain(n.id);
  const events = await chainEvents(chain);
  // the chain, then the record against the state its newest event sealed
  const [broken, actors] = await Promise.all([
    verifyChain(chain, events, { seq: n.auditSeq, hash: n.auditHead }).then(
      async (b) => b ?? (await recordBreak(chain, events, n as unknown as Record<string, unknown>)),
    ),
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
