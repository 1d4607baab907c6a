/**
 * A value loaded once per container and kept, but only once it has loaded: a failed load
 * (a Secrets Manager or KMS call that timed out, a throttle) is forgotten, so the next request
 * tries again instead of failing for the life of the container. Concurrent callers share one
 * load in flight.
 */
export function cacheSuccess<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    if (!kept) {
      const loading = load();
      kept = loading;
      loading.catch(() => {
        if (kept === loading) kept = undefined;
      });
    }
    return kept;
  };
}

/** The same per key (unwrapped data keys): a failure leaves no entry behind. */
export function cacheSuccessByKey<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key) => {
    let value = kept.get(key);
    if (!value) {
      const loading = load(key);
      value = loading;
      kept.set(key, loading);
      loading.catch(() => {
        if (kept.get(key) === loading) kept.delete(key);
      });
    }
    return value;
  };
}
