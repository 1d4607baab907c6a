/**
 * A SHA-256 hash to be written down: in groups of eight so the eye keeps its place; one click
 * selects it whole, and a copy gives the 64 characters without spaces.
 */
export function HeadHash({ hash }: { hash: string }) {
  return (
    <code class="hash" title={hash}>
      {hash.match(/.{1,8}/g)?.map((g, i) => (
        <span key={i}>{g}</span>
      ))}
    </code>
  );
}
