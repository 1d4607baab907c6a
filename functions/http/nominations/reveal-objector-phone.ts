/** POST /api/nominations/{id}/cases/{case}/phone — the city office sees an objector's whole phone; logged. */
import { revealObjectorPhone } from '#lib/cases';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('revealObjectorPhone', {}, async ({ principal, params, change }) => ({
  body: {
    phone: await revealObjectorPhone(principal, params.id as string, params.case as string, change),
  },
}));
