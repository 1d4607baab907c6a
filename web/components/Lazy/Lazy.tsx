/**
 * A component whose code arrives in its own chunk, fetched when first rendered: the photo tools
 * and the reviewers' read-only view stay out of what a unit's phone loads before the form.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState(() => loaded);
    const [failed, setFailed] = useState(false);
    const fetch = () => {
      setFailed(false);
      load().then(
        (c) => {
          loaded = c;
          setComponent(() => c);
        },
        () => setFailed(true),
      );
    };
    useEffect(() => {
      if (!loaded) fetch();
    }, []);
    if (Component) return <Component {...props} />;
    return failed ? (
      <button type="button" class="block" onClick={fetch}>
        加载失败，点击重试
      </button>
    ) : (
      <p class="loading">正在加载…</p>
    );
  };
}
