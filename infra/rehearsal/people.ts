/**
 * The rehearsal's cast: units, photos and stamped papers, made up deterministically (a seeded
 * generator) so every run tells the same story. The nominees' forms come from the campaign's
 * definition (./forms.ts).
 */
import sharp from 'sharp';
import type { PhotoRules } from '#shared/photo-rules';

/** A small deterministic generator (mulberry32): the same seed, the same campaign. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The member units of the joint conference in a region (about ten each), by kind. */
const UNIT_KINDS = [
  '财政局',
  '人力资源和社会保障局',
  '民政局',
  '农业农村局',
  '教育局',
  '卫生健康委员会',
  '医疗保障局',
  '退役军人事务局',
  '乡村振兴局',
  '城关镇财政所',
  '残疾人联合会',
  '住房和城乡建设局',
];

export interface UnitPlan {
  regionId: string;
  regionName: string;
  name: string;
}

/** The schools under a township's centre school (中心校). */
const SCHOOL_KINDS = ['第一小学', '第二小学', '第三小学', '中心小学', '初级中学', '第四小学', '中心幼儿园'];
/** The parts of a county school that nominate separately. */
const CAMPUSES = ['本部', '东校区', '西校区', '南校区', '北校区', '分校'];

/**
 * `perRegion` units in every region, named as the region's units are: a city's member units (财政局
 * …), or, where the regions are schools (`regionTerm` 学校（学区）), a centre school's schools or a
 * county school's campuses.
 */
export function planUnits(
  regions: readonly { id: string; name: string }[],
  perRegion: number,
  regionTerm = '县（区）',
): UnitPlan[] {
  const schools = regionTerm.includes('学校');
  const units: UnitPlan[] = [];
  for (const r of regions) {
    const centre = r.name.endsWith('中心校');
    const kinds = !schools ? UNIT_KINDS : centre ? SCHOOL_KINDS : CAMPUSES;
    const prefix = r.id === 'shizhi' ? '濮阳市' : centre ? r.name.slice(0, -3) : r.name;
    for (let i = 0; i < perRegion; i++) {
      const kind = kinds[i % kinds.length] as string;
      const round = Math.floor(i / kinds.length);
      const name = schools && !centre ? `${prefix}（${kind}）` : `${prefix}${kind}`;
      units.push({
        regionId: r.id,
        regionName: r.name,
        name: `${name}${round ? `（第${round + 1}组）` : ''}`,
      });
    }
  }
  return units;
}

/** The unit list as the city office pastes it: 地区,单位名称. */
export function unitListCsv(units: readonly UnitPlan[]): string {
  return ['地区,单位名称', ...units.map((u) => `${u.regionName},${u.name}`)].join('\n');
}

/** The photo's background colour, as the phone's cropped photos have it. */
const BACKGROUNDS: Record<PhotoRules['background'], string> = {
  blue: '#438EDB',
  white: '#F7F7F5',
  red: '#D6191E',
};

/**
 * An ID photo as a phone would upload it after cropping: the campaign's pixel size (413×579 for
 * the 2-inch photo), its background, a head and shoulders. `shade` varies the face so the photos
 * differ.
 */
export function idPhoto(shade: number, rules: Pick<PhotoRules, 'pixels' | 'background'>): Promise<Buffer> {
  const { width: w, height: h } = rules.pixels;
  const skin = `rgb(${230 - (shade % 20)},${190 - (shade % 15)},${160 - (shade % 10)})`;
  // drawn on the 413 × 579 photo and scaled, so every size has the same composition
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 413 579" preserveAspectRatio="none">
    <rect width="413" height="579" fill="${BACKGROUNDS[rules.background]}"/>
    <ellipse cx="206" cy="250" rx="95" ry="120" fill="${skin}"/>
    <rect x="186" y="360" width="40" height="50" fill="${skin}"/>
    <path d="M40 579 Q60 420 206 400 Q352 420 373 579 Z" fill="#1f2a44"/>
    <ellipse cx="206" cy="150" rx="100" ry="45" fill="#222"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/** A photographed stamped paper (white A4, lines of text, a red seal): what an opinion's scan looks like. */
export function stampedPaper(): Promise<Buffer> {
  const lines = Array.from(
    { length: 14 },
    (_, i) =>
      `<rect x="120" y="${260 + i * 60}" width="${i % 4 === 3 ? 500 : 1000}" height="14" fill="#333"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754">
    <rect width="1240" height="1754" fill="#fbfbf8"/>
    <rect x="320" y="140" width="600" height="36" fill="#111"/>${lines}
    <circle cx="900" cy="1350" r="150" fill="none" stroke="#d22" stroke-width="14"/>
    <polygon points="900,1270 920,1330 985,1330 933,1368 953,1430 900,1392 847,1430 867,1368 815,1330 880,1330" fill="#d22"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
