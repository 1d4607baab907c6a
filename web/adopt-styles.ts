/**
 * A lazy chunk's stylesheet, added once. As a constructed stylesheet where the browser has them:
 * the Content-Security-Policy allows no inline <style>, and CSSOM sheets are not inline styles.
 * Older WebViews (before Chrome 73 / iOS 16.4) get a <style> element instead.
 */
export function adoptStyles(id: string, css: string): void {
  if (typeof document === 'undefined' || document.getElementById(id) || adopted.has(id)) return;
  adopted.add(id);
  if ('adoptedStyleSheets' in document && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.appendChild(style);
}

const adopted = new Set<string>();
