/** The photo tools' stylesheet, added once by their chunk (not in web/styles.css). */
import { adoptStyles } from '../../adopt-styles.ts';
import css from './photo.css?inline';

adoptStyles('photo-css', css);
