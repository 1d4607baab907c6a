/**
 * The auditor's stylesheet arrives with the auditor's chunks, as text put in a <style> once:
 * nothing of it weighs on what a unit's phone loads first (web/styles.css).
 */
import css from './auditor.css?inline';

if (typeof document !== 'undefined' && !document.getElementById('auditor-css')) {
  const style = document.createElement('style');
  style.id = 'auditor-css';
  style.textContent = css;
  document.head.appendChild(style);
}
