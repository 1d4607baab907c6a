/**
 * The auditor's stylesheet arrives with the auditor's chunks, added once (web/adopt-styles.ts):
 * nothing of it weighs on what a unit's phone loads first (web/styles.css).
 */
import { adoptStyles } from '../../adopt-styles.ts';
import css from './auditor.css?inline';

adoptStyles('auditor-css', css);
