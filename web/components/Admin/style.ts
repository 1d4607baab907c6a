/** The administration pages' stylesheet, injected once by the office chunk (not in the first load). */
import { adoptStyles } from '../../adopt-styles.ts';
import css from './admin.css?inline';

adoptStyles('admin-css', css);
