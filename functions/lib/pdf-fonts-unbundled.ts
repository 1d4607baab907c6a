/**
 * Stands in for `@pdf-lib/standard-fonts` in the Lambda bundles (an esbuild alias: see
 * BUNDLE_ALIASES in infra/constructs/function.ts). The scan checker reads and copies PDF pages and
 * never draws text, so the 14 standard fonts' metrics are left out: 128 KB of compressed JSON in
 * the bundle, and encodings that pdf-lib would inflate and parse at every cold start. Only the
 * font names stay (pdf-lib lists them at load); anything that reaches for a font fails loudly.
 */

/** The standard font names, as pdf-lib's FontNames. */
export enum FontNames {
  Courier = 'Courier',
  CourierBold = 'Courier-Bold',
  CourierOblique = 'Courier-Oblique',
  CourierBoldOblique = 'Courier-BoldOblique',
  Helvetica = 'Helvetica',
  HelveticaBold = 'Helvetica-Bold',
  HelveticaOblique = 'Helvetica-Oblique',
  HelveticaBoldOblique = 'Helvetica-BoldOblique',
  TimesRoman = 'Times-Roman',
  TimesRomanBold = 'Times-Bold',
  TimesRomanItalic = 'Times-Italic',
  TimesRomanBoldItalic = 'Times-BoldItalic',
  Symbol = 'Symbol',
  ZapfDingbats = 'ZapfDingbats',
}

function unavailable(): never {
  throw new Error('pdf-lib standard fonts are not bundled in this function (pdf-fonts-unbundled.ts)');
}

/** Loading a font's metrics is not possible here. */
export const Font = { load: unavailable };

/** Nor is encoding text in a standard font's encoding. */
export const Encodings = new Proxy({}, { get: unavailable });

/** Referenced by pdf-lib's font embedder only. */
export const EncodingType = {};
