/** The process pages' stylesheet, injected once by the lazy chunks that need it (not in the first load). */
import css from './process.css?inline';

if (typeof document !== 'undefined' && !document.getElementById('process-css')) {
  const style = document.createElement('style');
  style.id = 'process-css';
  style.textContent = css;
  document.head.appendChild(style);
}
