/** The photo tools' stylesheet, put in a <style> once by their chunk (not in web/styles.css). */
import css from './photo.css?inline';

if (typeof document !== 'undefined' && !document.getElementById('photo-css')) {
  const style = document.createElement('style');
  style.id = 'photo-css';
  style.textContent = css;
  document.head.appendChild(style);
}
