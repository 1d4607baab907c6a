/**
 * What older Android System WebViews (Chrome 61–70) and iOS 12.0 lack but our dependencies call:
 * zod reads `globalThis` and `Object.fromEntries` at load, Preact schedules renders with
 * `queueMicrotask`. Imported first by main.tsx so it runs before them. A few bytes, no library.
 */
// biome-ignore lint/suspicious/noExplicitAny: feature detection on the global object
const g: any = typeof globalThis === 'object' ? globalThis : self;
if (!g.globalThis) g.globalThis = g;
if (!g.queueMicrotask) g.queueMicrotask = (cb: () => void) => Promise.resolve().then(cb);
if (!Object.fromEntries) {
  Object.fromEntries = <T>(entries: Iterable<readonly [PropertyKey, T]>) => {
    const out: Record<PropertyKey, T> = {};
    for (const [k, v] of entries) out[k] = v;
    return out;
  };
}
