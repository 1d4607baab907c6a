/**
 * The rehearsal's cast: units, nominees and their forms, photos and stamped papers, made up
 * deterministically (a seeded generator) so every run tells the same story. Every form passes
 * the same checks the phone form and the API apply (ID check digit, birth month and sex, the
 * five assessment years, 字 limits).
 */
import sharp from 'sharp';
import { idCheckChar } from '#shared/id-number';

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

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '建国 卫东 晓燕 志强 秀英 海涛 丽娟 俊杰 红梅 国庆 文静 永刚 春花 明辉 雪梅 宏伟 玉兰 志刚 桂英 立新 淑珍 学军 爱华 振华 燕萍 勇 敏 磊 静 军 霞 鹏 婷 超 慧'.split(
    ' ',
  );

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

/** `perRegion` units in every region, named as the region's member units are. */
export function planUnits(regions: readonly { id: string; name: string }[], perRegion: number): UnitPlan[] {
  const units: UnitPlan[] = [];
  for (const r of regions) {
    const prefix = r.id === 'shizhi' ? '濮阳市' : r.name;
    for (let i = 0; i < perRegion; i++) {
      const kind = UNIT_KINDS[i % UNIT_KINDS.length] as string;
      const round = Math.floor(i / UNIT_KINDS.length);
      units.push({
        regionId: r.id,
        regionName: r.name,
        name: `${prefix}${kind}${round ? `（第${round + 1}组）` : ''}`,
      });
    }
  }
  return units;
}

/** The unit list as the city office pastes it: 地区,单位名称. */
export function unitListCsv(units: readonly UnitPlan[]): string {
  return ['地区,单位名称', ...units.map((u) => `${u.regionName},${u.name}`)].join('\n');
}

function idNumber(rand: () => number, birth: string, sex: '男' | '女'): string {
  const seq = String(Math.floor(rand() * 50)).padStart(2, '0');
  const sexDigit =
    sex === '男' ? pick(rand, ['1', '3', '5', '7', '9']) : pick(rand, ['0', '2', '4', '6', '8']);
  const first17 = `410902${birth}${seq}${sexDigit}`;
  return first17 + idCheckChar(first17);
}

/** A complete worker's approval form for a nominee of `unit`. */
export function workerForm(rand: () => number, unit: string, years: readonly number[]) {
  const sex = rand() < 0.55 ? '男' : '女';
  const year = 1970 + Math.floor(rand() * 25);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const name = `${pick(rand, [...SURNAMES])}${pick(rand, GIVEN)}`;
  const post = pick(rand, ['惠民惠农科科长', '资金监管股股长', '财务室主任', '综合科副科长', '业务骨干']);
  return {
    name,
    sex,
    ethnicity: rand() < 0.95 ? '汉族' : '回族',
    birthMonth: `${year}-${String(month).padStart(2, '0')}`,
    idNumber: idNumber(rand, birth, sex),
    politicalStatus: rand() < 0.8 ? '中共党员' : '群众',
    workStartMonth: `${Math.min(year + 22, 2020)}-07`,
    education: pick(rand, ['大学本科', '硕士研究生', '大学专科']),
    professionalTitle: pick(rand, ['会计师', '经济师', '助理会计师', '']),
    unitAndPost: `${unit} ${post}`,
    personalIdentity: pick(rand, ['公务员', '参照公务员法管理', '事业单位工作人员']),
    phone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    assessments: years.map((y, i) => ({ year: y, result: i === 2 || rand() < 0.2 ? '优秀' : '称职(合格)' })),
    awards: `${years[2]}年被评为本单位先进工作者`,
    noViolation: true,
    deeds: `负责本单位惠民惠农财政补贴资金“一卡通”发放管理工作，坚持政策到户、资金到人，全年核对补贴对象 ${
      1000 + Math.floor(rand() * 9000)
    } 户，推动问题线索整改，群众满意度明显提升。`,
    summary: '推动“一卡通”资金直达到户，补贴发放零差错，群众满意度显著提升。',
  };
}

/** A complete collective's approval form for `unit`. */
export function collectiveForm(rand: () => number, unit: string) {
  return {
    unitName: unit,
    unitNature: unit.endsWith('所') ? '事业单位' : '机关',
    unitLevel: pick(rand, ['正科级', '副处级', '正处级']),
    leader: `${pick(rand, [...SURNAMES])}${pick(rand, GIVEN)}`,
    staffCount: 20 + Math.floor(rand() * 180),
    address: `濮阳市${pick(rand, ['中原路', '胜利路', '京开大道', '黄河路'])} ${1 + Math.floor(rand() * 300)} 号`,
    contactPerson: `${pick(rand, [...SURNAMES])}${pick(rand, GIVEN)}`,
    phone: `0393-${String(4000000 + Math.floor(rand() * 999999))}`,
    noViolation: true,
    deeds: '建立“一卡通”资金监管平台，实现补贴发放全流程监管，开展专项治理，整改问题全部清零。',
    summary: '建成资金监管平台，补贴发放全流程可追溯，问题整改清零。',
  };
}

/**
 * A 2-inch ID photo as a phone would upload it after cropping: 413×579 JPEG, the common blue
 * background (#438EDB), a head and shoulders. `shade` varies the face so the photos differ.
 */
export function idPhoto(shade: number): Promise<Buffer> {
  const skin = `rgb(${230 - (shade % 20)},${190 - (shade % 15)},${160 - (shade % 10)})`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="413" height="579">
    <rect width="413" height="579" fill="#438EDB"/>
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
