/**
 * The nomination as the server last returned it, shared by everything on the page: the draft
 * editor, the steps panel and the app shell each follow it, so a step taken in one (开始单位公示
 * in the panel) shows in the others at once (the form turns read-only) without a reload.
 */
import type { NominationView } from '#shared/nomination';

type Listener = (view: NominationView) => void;
const listeners: Listener[] = [];
let last: NominationView | null = null;

/** What a full read carries and a step's or a save's answer does not: kept from the last read. */
const READ_ONLY_PARTS = ['photos', 'photoUrl', 'checklist'] as const;

/** Tell every listener what the server answered. */
export function publishNomination(answer: NominationView): void {
  const parts: Record<string, unknown> = { ...answer };
  const before = last?.id === answer.id ? (last as unknown as Record<string, unknown>) : null;
  if (before) for (const k of READ_ONLY_PARTS) if (!(k in parts) && k in before) parts[k] = before[k];
  const view = parts as unknown as NominationView;
  last = view;
  for (const l of listeners.slice()) l(view);
}

/** The nomination as last published, when it is this one: a panel loading late needs no second read. */
export const latestNomination = (id: string): NominationView | null => (last?.id === id ? last : null);

/** Follow the nominations the server returns; the returned function stops following. */
export function followNominations(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}
