/** The process pages' stylesheet, injected once by the lazy chunks that need it (not in the first load). */
import { adoptStyles } from '../../adopt-styles.ts';
import css from './process.css?inline';

adoptStyles('process-css', css);
