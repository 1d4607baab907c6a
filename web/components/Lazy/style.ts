/** The stylesheet of what only lazily loaded pages show, injected once by the chunks that need it (not in the first load). */
import { adoptStyles } from '../../adopt-styles.ts';
import css from './lazy.css?inline';

adoptStyles('lazy-css', css);
