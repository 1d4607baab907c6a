/** The administration pages' stylesheet, injected once by the office chunk (not in the first load). */
import css from './admin.css?inline';

if (typeof document !== 'undefined' && !document.getElementById('admin-css')) {
  const style = document.createElement('style');
  style.id = 'admin-css';
  style.textContent = css;
  document.head.appendChild(style);
}
