import type { BodyKind, Language, MechanismKind, StatusKey } from '../../server/domain/vocabulary';

/**
 * The words the synthetic data set is written with: regions, bodies,
 * mechanisms, topics and sentence patterns in English, Russian and Chinese.
 * Invented, but shaped like the publications the tracker is built for.
 */

/** Russian regions: English name and Russian genitive ("Правительство Амурской области"). */
export const RUSSIAN_REGIONS: { en: string; ruGen: string }[] = [
  { en: 'Primorsky Krai', ruGen: 'Приморского края' },
  { en: 'Khabarovsk Krai', ruGen: 'Хабаровского края' },
  { en: 'Amur Oblast', ruGen: 'Амурской области' },
  { en: 'Jewish Autonomous Oblast', ruGen: 'Еврейской автономной области' },
  { en: 'Zabaykalsky Krai', ruGen: 'Забайкальского края' },
  { en: 'Irkutsk Oblast', ruGen: 'Иркутской области' },
  { en: 'Republic of Buryatia', ruGen: 'Республики Бурятия' },
  { en: 'Sakhalin Oblast', ruGen: 'Сахалинской области' },
  { en: 'Republic of Sakha (Yakutia)', ruGen: 'Республики Саха (Якутия)' },
  { en: 'Kamchatka Krai', ruGen: 'Камчатского края' },
  { en: 'Magadan Oblast', ruGen: 'Магаданской области' },
  { en: 'Chukotka Autonomous Okrug', ruGen: 'Чукотского автономного округа' },
  { en: 'Krasnoyarsk Krai', ruGen: 'Красноярского края' },
  { en: 'Novosibirsk Oblast', ruGen: 'Новосибирской области' },
  { en: 'Altai Krai', ruGen: 'Алтайского края' },
  { en: 'Altai Republic', ruGen: 'Республики Алтай' },
  { en: 'Tomsk Oblast', ruGen: 'Томской области' },
  { en: 'Kemerovo Oblast', ruGen: 'Кемеровской области' },
  { en: 'Omsk Oblast', ruGen: 'Омской области' },
  { en: 'Tyva Republic', ruGen: 'Республики Тыва' },
];

export const CHINESE_REGIONS: { en: string; zh: string }[] = [
  { en: 'Heilongjiang Province', zh: '黑龙江省' },
  { en: 'Jilin Province', zh: '吉林省' },
  { en: 'Liaoning Province', zh: '辽宁省' },
  { en: 'Inner Mongolia Autonomous Region', zh: '内蒙古自治区' },
  { en: 'Xinjiang Uygur Autonomous Region', zh: '新疆维吾尔自治区' },
  { en: 'Beijing Municipality', zh: '北京市' },
  { en: 'Tianjin Municipality', zh: '天津市' },
  { en: 'Shanghai Municipality', zh: '上海市' },
  { en: 'Shandong Province', zh: '山东省' },
  { en: 'Hebei Province', zh: '河北省' },
  { en: 'Jiangsu Province', zh: '江苏省' },
  { en: 'Zhejiang Province', zh: '浙江省' },
  { en: 'Guangdong Province', zh: '广东省' },
  { en: 'Gansu Province', zh: '甘肃省' },
  { en: 'Sichuan Province', zh: '四川省' },
  { en: 'Chongqing Municipality', zh: '重庆市' },
  { en: 'Harbin', zh: '哈尔滨市' },
  { en: 'Dalian', zh: '大连市' },
  { en: 'Hunchun', zh: '珲春市' },
  { en: 'Heihe', zh: '黑河市' },
];

export interface BodyDef {
  name: string;
  nativeName: string | null;
  acronym: string | null;
  country: 'Russia' | 'China' | 'multilateral';
  kind: BodyKind;
}

const RUSSIAN_REGIONAL_BODIES: { en: string; ru: string; kind: BodyKind; nameInRussian?: true }[] = [
  { en: 'Government of', ru: 'Правительство', kind: 'regional_government' },
  { en: 'Legislative Assembly of', ru: 'Законодательное собрание', kind: 'regional_government' },
  { en: 'Chamber of Commerce and Industry of', ru: 'Торгово-промышленная палата', kind: 'association' },
  // Some bodies are known to the analysts only by their Russian name.
  { en: '', ru: 'Агентство по привлечению инвестиций', kind: 'association', nameInRussian: true },
];

const CHINESE_REGIONAL_BODIES: { en: string; zh: string; kind: BodyKind; nameInChinese?: true }[] = [
  { en: 'People’s Government of', zh: '人民政府', kind: 'regional_government' },
  { en: 'Department of Commerce of', zh: '商务厅', kind: 'regional_government' },
  { en: 'Academy of Social Sciences of', zh: '社会科学院', kind: 'academy' },
  { en: '', zh: '外事办公室', kind: 'regional_government', nameInChinese: true },
];

const ministries = (country: 'Russia' | 'China', rows: [string, string, string | null][]): BodyDef[] =>
  rows.map(([name, nativeName, acronym]) => ({ name, nativeName, acronym, country, kind: 'ministry' }));

const NATIONAL_BODIES: BodyDef[] = ministries('Russia', [
  ['Ministry of Foreign Affairs of the Russian Federation', 'Министерство иностранных дел Российской Федерации', 'MFA Russia'],
  ['Ministry of Economic Development of the Russian Federation', 'Министерство экономического развития Российской Федерации', null],
  ['Ministry of Transport of the Russian Federation', 'Министерство транспорта Российской Федерации', 'Mintrans'],
  ['Ministry of Energy of the Russian Federation', 'Министерство энергетики Российской Федерации', 'Minenergo'],
  ['Ministry of Agriculture of the Russian Federation', 'Министерство сельского хозяйства Российской Федерации', 'Minselkhoz'],
  ['Ministry of Science and Higher Education of the Russian Federation', 'Министерство науки и высшего образования Российской Федерации', 'Minobrnauki'],
  ['Ministry of Culture of the Russian Federation', 'Министерство культуры Российской Федерации', null],
  ['Ministry of Industry and Trade of the Russian Federation', 'Министерство промышленности и торговли Российской Федерации', 'Minpromtorg'],
  ['Ministry of Natural Resources and Environment of the Russian Federation', 'Министерство природных ресурсов и экологии Российской Федерации', null],
  ['Federal Customs Service of Russia', 'Федеральная таможенная служба', 'FCS'],
  ['Ministry for the Development of the Russian Far East and Arctic', 'Министерство Российской Федерации по развитию Дальнего Востока и Арктики', 'Minvostokrazvitiya'],
  ['Ministry of Finance of the Russian Federation', 'Министерство финансов Российской Федерации', 'Minfin'],
]).concat(
  ministries('China', [
    ['Ministry of Foreign Affairs of the People’s Republic of China', '中华人民共和国外交部', 'MFA China'],
    ['Ministry of Commerce of the People’s Republic of China', '中华人民共和国商务部', 'MOFCOM'],
    ['National Development and Reform Commission of the People’s Republic of China', '国家发展和改革委员会', 'NDRC'],
    ['Ministry of Transport of the People’s Republic of China', '中华人民共和国交通运输部', null],
    ['National Energy Administration of China', '国家能源局', 'NEA'],
    ['Ministry of Agriculture and Rural Affairs of China', '中华人民共和国农业农村部', null],
    ['Ministry of Education of the People’s Republic of China', '中华人民共和国教育部', 'MOE'],
    ['Ministry of Science and Technology of China', '中华人民共和国科学技术部', 'MOST'],
    ['Ministry of Culture and Tourism of China', '中华人民共和国文化和旅游部', null],
    ['General Administration of Customs of China', '中华人民共和国海关总署', 'GACC'],
    ['Ministry of Ecology and Environment of China', '中华人民共和国生态环境部', null],
    ['People’s Bank of China', '中国人民银行', 'PBOC'],
  ]),
);

const OTHER_BODIES: BodyDef[] = [
  { name: 'Russian International Affairs Council', nativeName: 'Российский совет по международным делам', acronym: 'RIAC', country: 'Russia', kind: 'think_tank' },
  { name: 'Valdai Discussion Club', nativeName: 'Международный дискуссионный клуб «Валдай»', acronym: null, country: 'Russia', kind: 'think_tank' },
  { name: 'Institute of China and Contemporary Asia', nativeName: 'Институт Китая и современной Азии РАН', acronym: 'ICCA RAS', country: 'Russia', kind: 'academy' },
  { name: 'Far Eastern Federal University', nativeName: 'Дальневосточный федеральный университет', acronym: 'FEFU', country: 'Russia', kind: 'academy' },
  { name: 'Higher School of Economics', nativeName: 'Национальный исследовательский университет «Высшая школа экономики»', acronym: 'HSE', country: 'Russia', kind: 'academy' },
  { name: 'MGIMO University', nativeName: 'МГИМО МИД России', acronym: 'MGIMO', country: 'Russia', kind: 'academy' },
  { name: 'Eastern Economic Forum', nativeName: 'Восточный экономический форум', acronym: 'EEF', country: 'Russia', kind: 'forum' },
  { name: 'Chinese Academy of Social Sciences', nativeName: '中国社会科学院', acronym: 'CASS', country: 'China', kind: 'academy' },
  { name: 'China Institute of International Studies', nativeName: '中国国际问题研究院', acronym: 'CIIS', country: 'China', kind: 'think_tank' },
  { name: 'Shanghai Institutes for International Studies', nativeName: '上海国际问题研究院', acronym: 'SIIS', country: 'China', kind: 'think_tank' },
  { name: 'Fudan University', nativeName: '复旦大学', acronym: null, country: 'China', kind: 'academy' },
  { name: 'Peking University', nativeName: '北京大学', acronym: 'PKU', country: 'China', kind: 'academy' },
  { name: 'China–Northeast Asia Expo', nativeName: '中国—东北亚博览会', acronym: null, country: 'China', kind: 'forum' },
  { name: 'Harbin International Economic and Trade Fair', nativeName: '哈尔滨国际经济贸易博览会', acronym: null, country: 'China', kind: 'forum' },
  { name: 'Association of North East Asia Regional Governments', nativeName: '东北亚地区地方政府联合会', acronym: 'NEAR', country: 'multilateral', kind: 'association' },
  { name: 'Shanghai Cooperation Organisation', nativeName: 'Шанхайская организация сотрудничества', acronym: 'SCO', country: 'multilateral', kind: 'association' },
  { name: 'Eurasian Economic Commission', nativeName: 'Евразийская экономическая комиссия', acronym: 'EEC', country: 'multilateral', kind: 'association' },
  { name: 'Greater Tumen Initiative', nativeName: null, acronym: 'GTI', country: 'multilateral', kind: 'association' },
  { name: 'BRICS Think Tanks Council', nativeName: null, acronym: 'BTTC', country: 'multilateral', kind: 'forum' },
  { name: 'Russian–Chinese Committee of Friendship, Peace and Development', nativeName: 'Российско-Китайский комитет дружбы, мира и развития', acronym: null, country: 'multilateral', kind: 'forum' },
];

/** About two hundred bodies: regional ones for every region, national ministries, think tanks and forums. */
export function bodyDefinitions(): BodyDef[] {
  const defs: BodyDef[] = [];
  for (const region of RUSSIAN_REGIONS) {
    for (const b of RUSSIAN_REGIONAL_BODIES) {
      const ru = `${b.ru} ${region.ruGen}`;
      defs.push(
        b.nameInRussian
          ? { name: ru, nativeName: null, acronym: null, country: 'Russia', kind: b.kind }
          : { name: `${b.en} ${region.en}`, nativeName: ru, acronym: null, country: 'Russia', kind: b.kind },
      );
    }
  }
  for (const region of CHINESE_REGIONS) {
    for (const b of CHINESE_REGIONAL_BODIES) {
      const zh = `${region.zh}${b.zh}`;
      defs.push(
        b.nameInChinese
          ? { name: zh, nativeName: null, acronym: null, country: 'China', kind: b.kind }
          : { name: `${b.en} ${region.en}`, nativeName: zh, acronym: null, country: 'China', kind: b.kind },
      );
    }
  }
  return [...defs, ...NATIONAL_BODIES, ...OTHER_BODIES];
}

/** Fields of cooperation: English, Russian after "по" (dative), Chinese. */
export interface Topic {
  en: string;
  ruDat: string;
  zh: string;
}

export const TOPICS: Topic[] = [
  { en: 'investment', ruDat: 'инвестициям', zh: '投资' },
  { en: 'transport and logistics', ruDat: 'транспорту и логистике', zh: '交通物流' },
  { en: 'energy', ruDat: 'энергетике', zh: '能源' },
  { en: 'agriculture', ruDat: 'сельскому хозяйству', zh: '农业' },
  { en: 'tourism', ruDat: 'туризму', zh: '旅游' },
  { en: 'education', ruDat: 'образованию', zh: '教育' },
  { en: 'culture', ruDat: 'культуре', zh: '文化' },
  { en: 'customs and border crossings', ruDat: 'таможенному делу и пунктам пропуска', zh: '海关与口岸' },
  { en: 'healthcare', ruDat: 'здравоохранению', zh: '卫生健康' },
  { en: 'the digital economy', ruDat: 'цифровой экономике', zh: '数字经济' },
  { en: 'environmental protection', ruDat: 'охране окружающей среды', zh: '环境保护' },
  { en: 'science and technology', ruDat: 'науке и технологиям', zh: '科技' },
  { en: 'trade', ruDat: 'торговле', zh: '贸易' },
  { en: 'finance and payments', ruDat: 'финансам и расчётам', zh: '金融结算' },
  { en: 'inter-regional cooperation', ruDat: 'межрегиональному сотрудничеству', zh: '地方合作' },
  { en: 'youth exchanges', ruDat: 'молодёжным обменам', zh: '青年交流' },
];

const MECHANISM_PATTERNS: { kind: MechanismKind; en: (t: Topic) => string; native: (t: Topic) => string }[] = [
  { kind: 'intergovernmental_council', en: (t) => `Intergovernmental Council on ${t.en}`, native: (t) => `Межправительственный совет по ${t.ruDat}` },
  { kind: 'commission', en: (t) => `Russian–Chinese Commission on ${t.en}`, native: (t) => `Российско-китайская комиссия по ${t.ruDat}` },
  { kind: 'expert_platform', en: (t) => `Expert Platform on ${t.en}`, native: (t) => `中俄${t.zh}专家平台` },
  { kind: 'dialogue_club', en: (t) => `Dialogue Club on ${t.en}`, native: (t) => `中俄${t.zh}对话俱乐部` },
  { kind: 'programme', en: (t) => `Programme of Cooperation in ${t.en}`, native: (t) => `中俄${t.zh}合作规划` },
  { kind: 'memorandum', en: (t) => `Memorandum of Understanding on ${t.en}`, native: (t) => `Меморандум о взаимопонимании по ${t.ruDat}` },
];

/** Every pattern for every topic, interleaved so that the first sixty cover all kinds and topics. */
export function mechanismDefinitions(count: number): { name: string; nativeName: string; kind: MechanismKind; topic: number }[] {
  const all: { name: string; nativeName: string; kind: MechanismKind; topic: number }[] = [];
  for (let i = 0; i < TOPICS.length * MECHANISM_PATTERNS.length; i++) {
    const topic = i % TOPICS.length;
    const pattern = MECHANISM_PATTERNS[(i + Math.floor(i / TOPICS.length)) % MECHANISM_PATTERNS.length]!;
    all.push({ name: pattern.en(TOPICS[topic]!), nativeName: pattern.native(TOPICS[topic]!), kind: pattern.kind, topic });
  }
  return all.slice(0, count);
}

export const THEMES = [
  'trade',
  'investment',
  'transport',
  'energy',
  'agriculture',
  'tourism',
  'education',
  'culture',
  'customs',
  'healthcare',
  'digital economy',
  'environment',
  'science',
  'finance',
  'cross-border cooperation',
  'strategic planning',
  'political dialogue',
  'security',
  'multilateral diplomacy',
  'expert dialogue',
];

export const PUBLISHERS: { name: string; series: Record<Language, string> }[] = [
  { name: 'Russian International Affairs Council', series: { en: 'RIAC Policy Brief', ru: 'Аналитическая записка РСМД', zh: '俄罗斯国际事务委员会政策简报' } },
  { name: 'Valdai Discussion Club', series: { en: 'Valdai Paper', ru: 'Доклад клуба «Валдай»', zh: '瓦尔代俱乐部报告' } },
  { name: 'Institute of China and Contemporary Asia', series: { en: 'ICCA Working Paper', ru: 'Рабочая тетрадь ИКСА РАН', zh: '中国与当代亚洲研究所工作论文' } },
  { name: 'Chinese Academy of Social Sciences', series: { en: 'CASS Report', ru: 'Доклад КАОН', zh: '中国社会科学院报告' } },
  { name: 'China Institute of International Studies', series: { en: 'CIIS Analysis', ru: 'Аналитика CIIS', zh: '中国国际问题研究院分析' } },
  { name: 'Far Eastern Federal University', series: { en: 'FEFU Research Paper', ru: 'Научный доклад ДВФУ', zh: '远东联邦大学研究报告' } },
  { name: 'Shanghai Institutes for International Studies', series: { en: 'SIIS Report', ru: 'Доклад ШИМИ', zh: '上海国际问题研究院报告' } },
];

export const AUTHORS: Record<Language, string[]> = {
  en: ['Andrey Kortunov', 'Ivan Zuenko', 'Zhao Huasheng', 'Liu Huaqin', 'Anna Kireeva', 'Vasily Kashin', 'Feng Yujun', 'Yu Bin', 'Elizabeth Wishnick', 'Alexander Gabuev'],
  ru: ['А. В. Кортунов', 'И. Ю. Зуенко', 'А. А. Киреева', 'В. Б. Кашин', 'Е. С. Смирнова', 'С. Г. Лузянин', 'В. Е. Петровский', 'Л. Н. Сафронова'],
  zh: ['赵华胜', '刘华芹', '冯玉军', '李永全', '孙壮志', '王海运', '张弘', '杨成'],
};

export const SOURCE_SUBTITLES: Record<Language, string[]> = {
  en: ['priorities for the next decade', 'an agenda for regions', 'from declarations to projects', 'lessons of the past five years', 'a roadmap', 'options for policy makers'],
  ru: ['приоритеты на следующее десятилетие', 'повестка для регионов', 'от деклараций к проектам', 'уроки последних пяти лет', 'дорожная карта', 'варианты решений'],
  zh: ['未来十年的优先方向', '地方合作议程', '从宣言到项目', '近五年的经验', '路线图', '政策建议'],
};

/** Border towns and ports that texts mention, the first ones most often. */
export const PLACES: { en: string; ru: string; zh: string }[] = [
  { en: 'Vladivostok', ru: 'Владивосток', zh: '符拉迪沃斯托克' },
  { en: 'Blagoveshchensk', ru: 'Благовещенск', zh: '布拉戈维申斯克' },
  { en: 'Khabarovsk', ru: 'Хабаровск', zh: '哈巴罗夫斯克' },
  { en: 'Harbin', ru: 'Харбин', zh: '哈尔滨' },
  { en: 'Heihe', ru: 'Хэйхэ', zh: '黑河' },
  { en: 'Suifenhe', ru: 'Суйфэньхэ', zh: '绥芬河' },
  { en: 'Manzhouli', ru: 'Маньчжурия', zh: '满洲里' },
  { en: 'Zabaikalsk', ru: 'Забайкальск', zh: '后贝加尔斯克' },
  { en: 'Pogranichny', ru: 'Пограничный', zh: '波格拉尼奇内' },
  { en: 'Dongning', ru: 'Дуннин', zh: '东宁' },
  { en: 'Tongjiang', ru: 'Тунцзян', zh: '同江' },
  { en: 'Nizhneleninskoye', ru: 'Нижнеленинское', zh: '下列宁斯科耶' },
  { en: 'Hunchun', ru: 'Хуньчунь', zh: '珲春' },
  { en: 'Kraskino', ru: 'Краскино', zh: '克拉斯基诺' },
  { en: 'Bolshoi Ussuriysky Island', ru: 'остров Большой Уссурийский', zh: '黑瞎子岛' },
];

/**
 * A port that texts mention rarely (RARE_PLACE_SHARE of mentions), so that
 * searching for it matches a few hundred of 100,000 recommendations: the
 * benchmark's text search.
 */
export const RARE_PLACE = { en: 'Zarubino', ru: 'Зарубино', zh: '扎鲁比诺' };
export const RARE_PLACE_SHARE = 0.002;

export const RECOMMENDATION_WORDS = {
  en: {
    verbs: ['Establish', 'Create', 'Expand', 'Simplify', 'Launch', 'Harmonise', 'Develop', 'Strengthen', 'Hold', 'Fund'],
    objects: [
      'a joint working group',
      'a permanent secretariat',
      'an expert council',
      'a regular dialogue',
      'a digital platform',
      'a pilot programme',
      'a cross-border agreement',
      'a monitoring system',
      'an annual forum',
      'a joint fund',
      'a port logistics centre',
    ],
    sentences: [
      'This would lower transaction costs for small and medium-sized businesses on both sides of the border.',
      'The authors propose that regional governments take the lead, with federal support where needed.',
      'Progress should be reviewed every year by the responsible mechanism.',
      'The measure builds on agreements signed at the previous summit.',
      'Both sides should publish a shared timetable and name the officials responsible.',
      'Funding could come from the joint investment fund and from regional budgets.',
      'Without it, earlier declarations are unlikely to turn into concrete projects.',
      'Expert communities in both countries should be consulted before any decision.',
    ],
  },
  ru: {
    verbs: ['Создать', 'Учредить', 'Расширить', 'Упростить', 'Запустить', 'Гармонизировать', 'Развивать', 'Укрепить', 'Провести', 'Профинансировать'],
    objects: [
      'совместную рабочую группу',
      'постоянный секретариат',
      'экспертный совет',
      'регулярный диалог',
      'цифровую платформу',
      'пилотную программу',
      'трансграничное соглашение',
      'систему мониторинга',
      'ежегодный форум',
      'совместный фонд',
      'портово-логистический центр',
    ],
    sentences: [
      'Это снизит издержки малого и среднего бизнеса по обе стороны границы.',
      'Авторы предлагают, чтобы инициативу взяли на себя региональные власти при поддержке федерального центра.',
      'Ход выполнения следует ежегодно рассматривать в рамках профильного механизма.',
      'Мера опирается на соглашения, подписанные на предыдущем саммите.',
      'Сторонам следует согласовать общий график и назначить ответственных.',
      'Финансирование может быть обеспечено совместным инвестиционным фондом и региональными бюджетами.',
      'Без этого прежние декларации вряд ли превратятся в конкретные проекты.',
      'Перед принятием решений необходимо провести консультации с экспертным сообществом обеих стран.',
    ],
  },
  zh: {
    verbs: ['建立', '设立', '扩大', '简化', '启动', '协调', '发展', '加强', '举办', '资助'],
    objects: ['联合工作组', '常设秘书处', '专家委员会', '定期对话机制', '数字平台', '试点项目', '跨境协定', '监测体系', '年度论坛', '联合基金', '港口物流中心'],
    sentences: [
      '这将降低边境两侧中小企业的交易成本。',
      '作者建议由地方政府牵头，并在必要时获得中央支持。',
      '相关机制应每年审议进展情况。',
      '该措施以上次峰会签署的协议为基础。',
      '双方应公布共同的时间表并明确负责官员。',
      '资金可来自联合投资基金和地方预算。',
      '否则，以往的宣言难以转化为具体项目。',
      '在作出决定之前应征求两国专家界的意见。',
    ],
  },
} as const;

/** Evidence note patterns: {body}, {topic}, {place} and {year} are filled in. */
export const NOTE_PATTERNS: Record<Language, string[]> = {
  en: [
    '{body} announced that work on {topic} had begun, starting in {place}.',
    'Meeting record: {body} discussed {topic} with its partners; no decision was taken.',
    '{body} published a draft regulation on {topic}; comments are due by the end of {year}.',
    'Interview with an official of {body}: funding for {topic} was postponed to {year}.',
    'Internal assessment: progress on {topic} in {place} remains slow.',
    'News report: a pilot project on {topic} started in {place} with the support of {body}.',
    'Port operators and {body} discussed {topic} in {place}; a port development plan is expected in {year}.',
  ],
  ru: [
    '{body} сообщило о начале работы по {topic}; первым стал {place}.',
    'Протокол встречи: {body} обсудило с партнёрами вопросы по {topic}; решение не принято.',
    '{body} опубликовало проект нормативного акта по {topic}; замечания принимаются до конца {year} года.',
    'Интервью с представителем ведомства ({body}): финансирование работ по {topic} перенесено на {year} год.',
    'Внутренняя оценка: работа по {topic} (г. {place}) продвигается медленно.',
    'Новости: пилотный проект по {topic} запущен (г. {place}) при поддержке {body}.',
    'Портовые операторы и {body} обсудили вопросы по {topic} (г. {place}); план развития портов ожидается в {year} году.',
  ],
  zh: [
    '{body}宣布启动{topic}合作工作，首先在{place}开展。',
    '会议纪要：{body}与合作方讨论了{topic}合作问题，尚未作出决定。',
    '{body}发布了关于{topic}的法规草案，意见征集截至{year}年底。',
    '访谈：{body}官员表示，{topic}项目资金推迟至{year}年。',
    '内部评估：{place}的{topic}合作进展缓慢。',
    '新闻：在{body}支持下，{place}启动了{topic}试点项目。',
    '{body}与港口运营方在{place}讨论了{topic}合作，港口发展规划预计{year}年出台。',
  ],
};

export const NOTE_SITES: Record<Language, { host: string; title: string }[]> = {
  en: [
    { host: 'news.eastasia.example', title: 'East Asia News' },
    { host: 'www.border-monitor.example', title: 'Border Monitor' },
    { host: 'gov.example.org', title: 'Official website' },
  ],
  ru: [
    { host: 'vostok-novosti.example', title: 'Восток-новости' },
    { host: 'www.dalnij-vostok.example', title: 'Дальний Восток сегодня' },
    { host: 'pravitelstvo.example.ru', title: 'Официальный сайт' },
  ],
  zh: [
    { host: 'news.dongbei.example', title: '东北新闻' },
    { host: 'www.bianjing.example', title: '边境观察' },
    { host: 'gov.example.cn', title: '政府官网' },
  ],
};

/** How an analyst words a status change, per language. */
export const STATUS_PHRASES: Record<Language, Record<StatusKey, string>> = {
  en: {
    not_assessed: 'Returned to not assessed',
    no_action: 'No action observed',
    under_consideration: 'Under consideration',
    in_progress: 'Work has started',
    stalled: 'Work has stalled',
    partially_implemented: 'Partly in place',
    implemented: 'Implemented',
    not_implemented: 'Will not be implemented',
    superseded: 'Superseded by a later decision',
  },
  ru: {
    not_assessed: 'Оценка отозвана',
    no_action: 'Действий не отмечено',
    under_consideration: 'Находится на рассмотрении',
    in_progress: 'Работа начата',
    stalled: 'Работа приостановлена',
    partially_implemented: 'Выполнено частично',
    implemented: 'Выполнено',
    not_implemented: 'Не будет выполнено',
    superseded: 'Заменено более поздним решением',
  },
  zh: {
    not_assessed: '撤回评估',
    no_action: '未见行动',
    under_consideration: '正在审议',
    in_progress: '工作已启动',
    stalled: '工作停滞',
    partially_implemented: '部分落实',
    implemented: '已落实',
    not_implemented: '不会落实',
    superseded: '已被后续决定取代',
  },
};

export const RATIONALE_REASONS: Record<Language, string[]> = {
  en: ['according to official documents', 'as reported at the annual meeting', 'per the regional government’s statement', 'confirmed by an interview', 'based on press reports'],
  ru: ['по данным официальных документов', 'по итогам ежегодной встречи', 'согласно заявлению регионального правительства', 'подтверждено в интервью', 'по сообщениям прессы'],
  zh: ['根据官方文件', '据年度会议报告', '根据地方政府声明', '经访谈证实', '根据媒体报道'],
};

export const ANALYST_NAMES = {
  first: ['Anna', 'Sergei', 'Li', 'Wang', 'Elena', 'Zhang', 'Maria', 'Dmitry', 'Chen', 'Olga', 'Liu', 'James', 'Natalia', 'Zhao', 'Pavel', 'Sophie', 'Yang', 'Ivan', 'Huang', 'Ekaterina'],
  last: ['Ivanova', 'Petrov', 'Wei', 'Fang', 'Smirnova', 'Min', 'Kuznetsova', 'Sokolov', 'Jing', 'Popova', 'Yang', 'Carter', 'Volkova', 'Lei', 'Morozov', 'Martin', 'Xue', 'Lebedev', 'Hua', 'Novikova'],
};
