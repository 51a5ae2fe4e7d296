import type { SeedData } from './types';

/**
 * Seed data: the five source publications in seed/publications/, their
 * recommendations, and the bodies and mechanisms they name.
 *
 * Every full text is the publication's own words: a cut is marked "…", and
 * editorial framing (which joint statement, which speaker) stands in square
 * brackets. A record is a recommendation only where the author or speaker
 * proposes it; a commitment of an official document that a paper reports, a
 * side's position or intention, and work reported as under way are recorded
 * with their own kind. A status other than not_assessed is set only where the
 * publication itself is the evidence, dated with the publication's own date.
 * No record is flagged as a priority: none of the publications ranks its
 * proposals, and a priority is an analyst's judgement to be made in the tracker.
 * test/http/seed.test.ts checks the texts, dates and names against
 * seed/publications/.
 */

const PETROVSKY_TITLE = 'Strategic Planning of Russia–China Relations in Cross-Border and Inter-Regional Cooperation';
const ROUNDTABLE_TITLE = '“Russian-Chinese Dialogue: 2024 Model” Roundtable';
const OBOR_TITLE = '“One Belt – One Road” in the Framework of Strategic Cooperation between Russia and China';

export const seedData: SeedData = {
  bodies: [
    {
      key: 'riac',
      name: 'Russian International Affairs Council',
      nativeName: 'Российский совет по международным делам',
      acronym: 'RIAC',
      country: 'Russia',
      kind: 'think_tank',
    },
    {
      key: 'cass',
      name: 'Chinese Academy of Social Sciences',
      nativeName: '中国社会科学院',
      acronym: 'CASS',
      country: 'China',
      kind: 'academy',
    },
    {
      key: 'ministry-far-east-development',
      // The name Petrovsky (2016) uses, as the ministry was then called; renamed "…and Arctic" in 2019.
      name: 'Ministry for the Development of the Russian Far East',
      nativeName: 'Министерство Российской Федерации по развитию Дальнего Востока',
      acronym: 'Minvostokrazvitiya',
      country: 'Russia',
      kind: 'ministry',
      aliases: ['Ministry for the Development of the Russian Far East and Arctic', 'Министерство Российской Федерации по развитию Дальнего Востока и Арктики'],
    },
    {
      key: 'ndrc',
      name: 'National Development and Reform Commission of the People’s Republic of China',
      nativeName: '国家发展和改革委员会',
      acronym: 'NDRC',
      country: 'China',
      kind: 'ministry',
    },
    {
      key: 'eastern-economic-forum',
      name: 'Eastern Economic Forum',
      nativeName: 'Восточный экономический форум',
      acronym: 'EEF',
      country: 'Russia',
      kind: 'forum',
    },
    {
      key: 'near',
      name: 'Association of North East Asia Regional Governments',
      nativeName: 'Ассоциация региональных администраций стран Северо-Восточной Азии',
      acronym: 'NEAR',
      aliases: ['АРАССВА', '东北亚地区地方政府联合会'],
      country: 'multilateral',
      kind: 'association',
    },
    {
      key: 'valdai-discussion-club',
      name: 'Valdai Discussion Club',
      nativeName: 'Международный дискуссионный клуб «Валдай»',
      country: 'Russia',
      kind: 'think_tank',
    },
    {
      key: 'russian-far-east-regional-governments',
      name: 'Regional governments of the Russian Far East',
      country: 'Russia',
      kind: 'regional_government',
    },
    {
      key: 'eastern-siberia-regional-governments',
      name: 'Regional governments of Eastern Siberia',
      country: 'Russia',
      kind: 'regional_government',
    },
    {
      key: 'northeast-china-provincial-governments',
      name: 'Provincial governments of Northeast China',
      country: 'China',
      kind: 'regional_government',
    },
    {
      key: 'icca-ras',
      name: 'Institute of China and Contemporary Asia of the Russian Academy of Sciences',
      nativeName: 'Институт Китая и современной Азии Российской академии наук',
      acronym: 'ICCA RAS',
      country: 'Russia',
      kind: 'academy',
    },
    {
      key: 'fudan-iis',
      name: 'Institute of International Studies, Fudan University',
      nativeName: '复旦大学国际问题研究院',
      acronym: 'Fudan IIS',
      country: 'China',
      kind: 'think_tank',
    },
    {
      key: 'eaeu',
      name: 'Eurasian Economic Union',
      nativeName: 'Евразийский экономический союз',
      acronym: 'EAEU',
      country: 'multilateral',
      kind: 'association',
    },
  ],

  mechanisms: [
    {
      key: 'far-east-regional-investment-memorandum',
      name: 'Memorandum of Understanding on strengthening Russia–China regional, manufacturing and investment cooperation in the Far East',
      kind: 'memorandum',
      lifecycle: 'established',
      participants: ['ministry-far-east-development', 'ndrc'],
      description:
        'Memorandum signed by the Ministry for the Development of the Russian Far East and the National Development and Reform Commission of the PRC (Petrovsky, 2016).',
    },
    {
      key: 'far-east-northeast-regions-cooperation-council',
      name: 'Cooperation Council of the Regions of the Russian Far East and the Northeast of the People’s Republic of China',
      kind: 'intergovernmental_council',
      lifecycle: 'established',
      participants: ['russian-far-east-regional-governments', 'northeast-china-provincial-governments'],
      description:
        'Council created in 2015 during the first meeting of the Eastern Economic Forum; Petrovsky (2016) asks that it carry out its activities on a regular basis.',
      // seed/publications/1-petrovsky…, recommendation 5: "created in 2015 during the first meeting of the Eastern
      // Economic Forum (EEF)". Only the year is given, so only the year is recorded.
      lifecycleHistory: [
        {
          stage: 'established',
          effectiveOn: '2015',
          rationale: 'Created in 2015 during the first meeting of the Eastern Economic Forum (EEF).',
          sourceTitle: `Vladimir Petrovsky, “${PETROVSKY_TITLE}” (RIAC, 2016), recommendation 5`,
        },
      ],
    },
    {
      key: 'eef-strategic-planning-advisory-mechanism',
      name: 'Advisory mechanism at the Eastern Economic Forum for tying together strategic planning in cross-border and inter-regional cooperation',
      kind: 'expert_platform',
      lifecycle: 'proposed',
      participants: ['eastern-economic-forum'],
      description:
        'New advisory mechanism proposed by Petrovsky (2016) to be created during the EEF’s next Forum (September 2016).',
    },
    {
      key: 'near-cross-border-cooperation-commission',
      name: 'NEAR commission on cross-border and inter-regional cooperation',
      kind: 'commission',
      lifecycle: 'proposed',
      participants: ['near'],
      description:
        'Commission proposed by Petrovsky (2016) within the Association of North East Asia Regional Governments, whose members include regions of Russia, China, Mongolia, the DPRK, the Republic of Korea and Japan.',
    },
    {
      key: 'riac-cass-cross-border-advisory-platform',
      name: 'RIAC–CASS advisory platform on cross-border and inter-regional cooperation',
      kind: 'expert_platform',
      lifecycle: 'proposed',
      participants: ['riac', 'cass'],
      description:
        'Special advisory platform on cross-border and inter-regional cooperation proposed by Petrovsky (2016) under the Memorandum between RIAC and CASS.',
    },
    {
      key: 'trans-baikal-club',
      name: 'Trans-Baikal Club of the Cross Border and Transregional Cooperation',
      kind: 'dialogue_club',
      lifecycle: 'proposed',
      participants: [],
      description: 'Dialogue club described by Petrovsky (2016) as “currently being formed”.',
    },
    {
      key: 'far-east-siberia-northeast-cooperation-programme-2009-2018',
      name: 'Program of cooperation between the regions of the Far East and Eastern Siberia of the Russian Federation and the North-East of the PRC (2009–2018)',
      nativeName:
        'Программа сотрудничества между регионами Дальнего Востока и Восточной Сибири Российской Федерации и Северо-Востока Китайской Народной Республики (2009–2018 годы)',
      kind: 'programme',
      lifecycle: 'established',
      yearEstablished: 2009,
      participants: [
        'russian-far-east-regional-governments',
        'eastern-siberia-regional-governments',
        'northeast-china-provincial-governments',
      ],
      description:
        'Programme developed in 2009 with an implementation period of up to 2018 (Alseitov, Table 1).',
    },
    {
      key: 'china-russia-aerospace-cooperation-plan-2016-2021',
      name: 'Plan for the development of aerospace cooperation between China and Russia 2016–2021',
      kind: 'programme',
      lifecycle: 'established',
      participants: [],
      description:
        'Plan referred to in the 2016 Joint Statement of the Russian Federation and the PRC, whose implementation both sides undertook to strive for (Alseitov).',
    },
    {
      key: 'russian-chinese-dialogue-joint-report',
      name: 'Annual joint report “Russian-Chinese Dialogue” (RIAC, ICCA RAS and Fudan University IIS)',
      kind: 'expert_platform',
      lifecycle: 'active',
      participants: ['riac', 'icca-ras', 'fudan-iis'],
      description:
        'Annual joint report of RIAC, ICCA RAS and the Institute of International Studies of Fudan University; the partnership with Fudan arose during preparation of the APEC Summit in Vladivostok (September 2012). The 2024 edition was presented at the roundtable of 11 October 2024.',
    },
    {
      key: 'ric-format',
      name: 'Russia-India-China (RIC) format of interaction',
      kind: 'intergovernmental_council',
      lifecycle: 'active',
      yearEstablished: 2002,
      participants: [],
      description:
        'Trilateral format “that has existed since 2002” uniting Russia, India and China (Kirill Babaev, roundtable of 11 October 2024).',
    },
    {
      key: 'brics',
      name: 'BRICS',
      kind: 'intergovernmental_council',
      lifecycle: 'active',
      participants: [],
      description:
        'Grouping chaired by Russia in 2024, whose summit in Kazan in October 2024 was still to come at the roundtable of 11 October 2024; Xu Changzhi called it there “an essential platform for Russian-Chinese co-operation on international matters”.',
    },
  ],

  publications: [
    // ------------------------------------------------------------------
    // 1. Petrovsky, RIAC policy brief
    // ------------------------------------------------------------------
    {
      source: {
        key: 'petrovsky-2016-strategic-planning',
        title: PETROVSKY_TITLE,
        authors: 'Vladimir Petrovsky',
        publisher: 'Russian International Affairs Council (RIAC)',
        // The seed text carries no date; the brief's cover reads "No. 7, September 2016"
        // (consistent with its reference to "the EEF's next Forum (September 2016)").
        publishedOn: '2016-09',
        kind: 'policy_brief',
        language: 'en',
      },
      recommendations: [
        {
          reference: '1',
          shortTitle: 'Incorporate foreign policy strategy into a national development and security strategy for the XXI century',
          fullText:
            'Russia’s foreign policy strategy should be incorporated into the national security strategy, which in turn should become part of Russia’s national development and security strategy for the XXI century. These fundamental documents should be developed simultaneously through the efforts of the entire political class, including the expert community.',
          bodies: [],
          themes: ['strategic planning', 'security'],
        },
        {
          reference: '2',
          shortTitle: 'Improve and harmonise the basis of cross-border cooperation',
          fullText:
            'The programmatic, conceptual and legislative basis of cross-border cooperation should be improved and harmonized.',
          bodies: [],
          themes: ['cross-border cooperation', 'strategic planning'],
        },
        {
          reference: '3',
          shortTitle: 'Create mechanisms for planning and coordinating cross-border cooperation participants',
          fullText:
            'In order to ensure accelerated and balanced development of inter-regional and crossborder cooperation, additional measures should be taken to create mechanisms for planning and coordinating the activities of cross-border cooperation participants that require approval in the context of Russia’s national security.',
          bodies: [],
          themes: ['cross-border cooperation', 'strategic planning', 'security'],
        },
        {
          reference: '4',
          shortTitle: 'Comprehensive strategic planning of bilateral cooperation and coordination of foreign policies',
          fullText:
            'It is necessary to ensure comprehensive and detailed strategic planning of Russia–China bilateral cooperation in the key areas, as well as the strategic coordination of the foreign policies of both countries on issues that require long-term efforts.',
          bodies: [],
          themes: ['strategic planning', 'political dialogue'],
        },
        {
          reference: '5',
          shortTitle: 'Create and strengthen Russia–China mechanisms for coordinating strategic planning with border regions',
          fullText:
            'Russia–China mechanisms for coordinating strategic planning with the participation of border provinces and regions should be created and strengthened in order to ensure the tying together of strategic planning in Russia and China.',
          bodies: [],
          themes: ['cross-border cooperation', 'strategic planning'],
        },
        {
          reference: '5.1',
          parentReference: '5',
          shortTitle: 'Promote consistent implementation of the memorandum on regional, manufacturing and investment cooperation in the Far East',
          fullText:
            'Promote the consistent implementation of the Memorandum of Understanding on strengthening Russia–China regional, manufacturing and investment cooperation in the Far East, signed by the Ministry for the Development of the Russian Far East and the National Development and Reform Commission of the People’s Republic of China.',
          mechanism: 'far-east-regional-investment-memorandum',
          bodies: [
            { body: 'ministry-far-east-development', role: 'lead' },
            { body: 'ndrc', role: 'supporting' },
          ],
          themes: ['cross-border cooperation', 'investment', 'industrial cooperation'],
        },
        {
          reference: '5.2',
          parentReference: '5',
          shortTitle: 'Ensure the Far East–Northeast China regional Cooperation Council works on a regular basis',
          fullText:
            'Ensure that the Cooperation Council of the Regions of the Russian Far East and the Northeast of the People’s Republic of China created in 2015 during the first meeting of the Eastern Economic Forum (EEF) carries out its activities on a regular basis.',
          mechanism: 'far-east-northeast-regions-cooperation-council',
          bodies: [
            { body: 'russian-far-east-regional-governments', role: 'lead' },
            { body: 'northeast-china-provincial-governments', role: 'supporting' },
          ],
          themes: ['cross-border cooperation'],
        },
        {
          reference: '5.3',
          parentReference: '5',
          shortTitle: 'Create a new advisory mechanism on strategic planning at the Eastern Economic Forum',
          fullText:
            'Create a new advisory mechanism for tying together strategic planning in cross-border and inter-regional cooperation during the EEF’s next Forum (September 2016).',
          mechanism: 'eef-strategic-planning-advisory-mechanism',
          bodies: [{ body: 'eastern-economic-forum', role: 'lead' }],
          themes: ['cross-border cooperation', 'strategic planning', 'expert dialogue'],
          // "during the EEF's next Forum (September 2016)": end of the stated month.
          targetDate: '2016-09-30',
        },
        {
          reference: '5.4',
          parentReference: '5',
          shortTitle: 'Create a commission on cross-border and inter-regional cooperation within NEAR',
          fullText:
            'Create a commission on cross-border and inter-regional cooperation within the Association of North East Asia Regional Governments, of which regions of Russia, China, Mongolia, Democratic People’s Republic of Korea, Republic of Korea and Japan are members.',
          mechanism: 'near-cross-border-cooperation-commission',
          bodies: [{ body: 'near', role: 'lead' }],
          themes: ['cross-border cooperation'],
        },
        {
          reference: '5.5',
          parentReference: '5',
          shortTitle: 'Create a RIAC–CASS advisory platform on cross-border and inter-regional cooperation',
          fullText:
            'Create a special advisory platform on cross-border and inter-regional cooperation under the Memorandum between the Russian International Affairs Council and the Chinese Academy of Social Sciences.',
          mechanism: 'riac-cass-cross-border-advisory-platform',
          bodies: [
            { body: 'riac', role: 'lead' },
            { body: 'cass', role: 'supporting' },
          ],
          themes: ['cross-border cooperation', 'expert dialogue'],
        },
        {
          reference: '5.6',
          parentReference: '5',
          shortTitle: 'Support other dialogue mechanisms, including within the Valdai Discussion Club and the Trans-Baikal Club',
          fullText:
            'Support the efforts to create other dialogue mechanisms to discuss these issues, including within the framework of the Valdai Discussion Club and the Trans-Baikal Club of the Cross Border and Transregional Cooperation (currently being formed).',
          mechanism: 'trans-baikal-club',
          bodies: [{ body: 'valdai-discussion-club', role: 'lead' }],
          themes: ['cross-border cooperation', 'expert dialogue'],
          // Not assessed: that the Trans-Baikal Club is "currently being formed" is the premise of the
          // recommendation, not evidence that anyone acts on it.
        },
      ],
    },

    // ------------------------------------------------------------------
    // 2. RIAC Policy Brief #51/2024
    // ------------------------------------------------------------------
    {
      source: {
        key: 'riac-policy-brief-51-2024',
        title: 'Russian-Chinese Relations Today: Views from Moscow (RIAC Policy Brief #51/2024)',
        authors: 'Julia Melnikova, Lyubov Nechayeva',
        publisher: 'Russian International Affairs Council (RIAC)',
        // Only the year is given (the text refers to Putin's visit to China of May 16–17, 2024).
        publishedOn: '2024',
        kind: 'policy_brief',
        language: 'en',
        coverageNote:
          'Only the brief’s summary page is recorded here. “The sections contain thematic recommendations for overcoming the highlighted problems”: those thematic recommendations are not yet recorded, so the two records below are not the whole brief.',
      },
      recommendations: [
        {
          reference: 'Intro-1',
          shortTitle: 'Audit Russia’s own needs and capabilities in its relations with China',
          fullText:
            'Finding a way to transform diversity into complementarity remains a key challenge for Moscow today. Its solution seems to be based on an audit of its own needs and capabilities …',
          bodies: [],
          themes: ['strategic planning'],
        },
        {
          reference: 'Intro-2',
          shortTitle: 'Support communication with China aimed at a common understanding and a shared vision of future relations',
          fullText:
            'Finding a way to transform diversity into complementarity remains a key challenge for Moscow today. Its solution seems to be based on … supporting communication with a partner that is aimed at developing a common understanding and a shared vision of their future relations.',
          bodies: [],
          themes: ['political dialogue'],
        },
      ],
    },

    // ------------------------------------------------------------------
    // 3. Mamonov (2015)
    // ------------------------------------------------------------------
    {
      source: {
        key: 'mamonov-2015-upfront',
        title: 'Moscow and Beijing must learn to be upfront with each other',
        authors: 'Mikhail Mamonov',
        publisher: 'Russia Beyond the Headlines',
        publishedOn: '2015-04-20',
        kind: 'article',
        language: 'en',
      },
      recommendations: [
        {
          reference: 'Mamonov-1',
          shortTitle: 'Be honest with each other about strategic differences and conflicting interests',
          fullText:
            '… in order for the partnership to flower into a full-fledged alliance the two sides must be honest with each other on their strategic differences and conflicting interests. … All the current problems of Russian-Chinese relations and risks they engender appear to be related to the fact that the parties have chosen to focus “on the positive side” and avoid discussion of issues that do not quite suit them for the time being.',
          bodies: [],
          themes: ['political dialogue'],
        },
        {
          reference: 'Mamonov-2',
          shortTitle: 'Restart the dialogue as two equal great powers and map the potential and limits of interaction',
          fullText:
            'A new round of cooperation makes it possible to restart the Russian-Chinese dialogue from the positions of two equal great powers, whose interests are largely, but not always, the same, to discuss the questions that emerge regarding with each other, and to understand the potential for interaction as well as the restrictions that objectively exist.',
          bodies: [],
          themes: ['political dialogue', 'strategic planning'],
        },
      ],
    },

    // ------------------------------------------------------------------
    // 4. RIAC roundtable, 11 October 2024
    // ------------------------------------------------------------------
    {
      source: {
        key: 'riac-roundtable-2024-dialogue-model',
        title: ROUNDTABLE_TITLE,
        authors: 'Andrey Kortunov, Kirill Babaev, Xu Changzhi, Artem Pylin',
        publisher: 'Russian International Affairs Council (RIAC)',
        // Date of the roundtable (held at the Rossiya Segodnya Agency Press Centre).
        publishedOn: '2024-10-11',
        kind: 'roundtable',
        language: 'en',
      },
      recommendations: [
        {
          reference: 'Kortunov-1',
          shortTitle: 'Move from quantitative to qualitative growth by complementing trade with joint production chains (proposed by Andrey Kortunov)',
          fullText:
            'The upcoming meeting of the leaders of Russia and China at the BRICS Summit … helps to push officials, experts, and diplomats to address the issues that remain unsolved. For example, in many aspects of international cooperation between Russia and China, it is necessary to move from quantitative to qualitative growth, for instance, by complementing trade with joint production chains.',
          bodies: [],
          themes: ['trade', 'industrial cooperation'],
        },
        {
          reference: 'Kortunov-2',
          shortTitle: 'Russia should actively develop relations with ASEAN countries, overcoming past underinvestment (proposed by Andrey Kortunov)',
          fullText:
            'Now it is very important for Moscow to actively develop relations with the countries of the region [ASEAN], overcoming the previous underinvestment. The PRC’s experience, whose trade with ASEAN totals $1 trillion, is useful in this regard.',
          bodies: [],
          themes: ['multilateral diplomacy', 'trade'],
        },
        {
          reference: 'Kortunov-3',
          shortTitle: 'The humanitarian problem in the Middle East “will require the interference of the international community” (Andrey Kortunov)',
          fullText:
            'Russia and China are interested in preventing escalation in the Middle East. It can be said that almost all BRICS members are in favor of resolving the conflict on the basis of the Palestinian state establishment, de-escalation and preventing the spread of hostilities to new territories. However, it will not be easy for the BRICS countries to take a consolidated position on the details of these processes. Moreover, the humanitarian problem, for example, will require the interference of the international community.',
          bodies: [],
          themes: ['security', 'multilateral diplomacy'],
        },
        {
          reference: 'Babaev-1',
          shortTitle: 'Continue the annual joint report “Russia-China Dialogue” (proposed by Kirill Babaev)',
          fullText:
            'The annual “Russia-China Dialogue” report is a flagship project that is well established in the authorities. It is also one of the most cited informational and scientific sources on Russia-China relations. … The material enjoys the trust of readers, and this is the project that should be continued.',
          mechanism: 'russian-chinese-dialogue-joint-report',
          bodies: [
            { body: 'riac', role: 'lead' },
            { body: 'icca-ras', role: 'supporting' },
            { body: 'fudan-iis', role: 'supporting' },
          ],
          themes: ['expert dialogue'],
        },
        {
          reference: 'Babaev-2',
          shortTitle: 'BRICS has “a long way to go” in creating organisational and legal infrastructure for security, economic development and financial relations (Kirill Babaev)',
          fullText:
            'BRICS is humanity’s hope for a new system of international relations to replace the one that has virtually ceased to exist. … However, there is still a long way to go in creating the organisational and legal infrastructure for more systematic security, economic development and financial relations.',
          mechanism: 'brics',
          bodies: [],
          themes: ['multilateral diplomacy', 'security', 'finance'],
        },
        {
          reference: 'Babaev-3',
          shortTitle: 'Work under way to strengthen expert interaction in the Russia-India-China format, with the prospect of ministry-level interaction (reported by Kirill Babaev)',
          kind: 'reported_activity',
          fullText:
            'The Russia-India-China (RIC) format of interaction that has existed since 2002 is extremely important today. … If the three states can reach an agreement, it will be a significant step towards Eurasian unity. More active work is now underway to strengthen the interaction of the expert community with the prospect of intensifying interaction at the level of relevant ministries.',
          mechanism: 'ric-format',
          bodies: [],
          themes: ['expert dialogue', 'multilateral diplomacy'],
          status: 'in_progress',
          statusRationale:
            'At the roundtable Kirill Babaev stated that “more active work is now underway to strengthen the interaction of the expert community” in the RIC format, with the prospect of ministry-level interaction.',
          confidence: 'likely',
          evidence: {
            observedOn: '2024-10-11',
            text: 'Publication date (the roundtable of 11 October 2024). Kirill Babaev: “More active work is now underway to strengthen the interaction of the expert community with the prospect of intensifying interaction at the level of relevant ministries.”',
            sourceTitle: ROUNDTABLE_TITLE,
            sourceKind: 'meeting_record',
            language: 'en',
          },
        },
        {
          reference: 'Babaev-4',
          shortTitle: 'Jointly counter Washington’s hostile course in the Asia-Pacific (proposed by Kirill Babaev)',
          fullText:
            'The U.S. has engaged in the work on establishing a network of military-political alliances in the Asia-Pacific. … Moscow and Beijing should jointly counter Washington’s hostile course in the region …',
          bodies: [],
          themes: ['security'],
        },
        {
          reference: 'Babaev-5',
          shortTitle: 'Increase Russian and Chinese interaction with the ASEAN states (proposed by Kirill Babaev)',
          fullText:
            '… the majority of regional states, including the most of the ASEAN countries, will take a restrained position … Moscow and Beijing should … increase interaction with the ASEAN states.',
          bodies: [],
          themes: ['multilateral diplomacy'],
        },
        {
          reference: 'Xu-1',
          shortTitle: 'A ceasefire and a common endeavour to find a political solution to the crisis in the Middle East (Xu Changzhi)',
          fullText:
            'Regarding the crisis in the Middle East, the most crucial is a ceasefire and a common endeavour to seek a way to solve the issues through political means.',
          bodies: [],
          themes: ['security'],
        },
        {
          reference: 'Xu-2',
          shortTitle: 'China in favour of a free trade zone as a part of the “One Belt, One Road” initiative and the EAEU; a political decision by the leaders is needed (Xu Changzhi)',
          kind: 'stated_position',
          fullText:
            'China has consistently been in favour of establishing a free trade zone as a part of the “One Belt, One Road” initiative and the EAEU. Negotiations on this issue have been ongoing for several years, but a political decision by the Russian and Chinese leaders is needed first and foremost to reach an agreement on an FTA.',
          bodies: [{ body: 'eaeu', role: 'lead' }],
          themes: ['trade', 'eurasian integration'],
          status: 'under_consideration',
          statusRationale:
            'Xu Changzhi reported at the roundtable that negotiations on the free trade zone “have been ongoing for several years” but that no agreement has been reached and a political decision by the leaders is still needed.',
          confidence: 'likely',
          evidence: {
            observedOn: '2024-10-11',
            text: 'Publication date (the roundtable of 11 October 2024). Xu Changzhi: “Negotiations on this issue have been ongoing for several years, but a political decision by the Russian and Chinese leaders is needed first and foremost to reach an agreement on an FTA.”',
            sourceTitle: ROUNDTABLE_TITLE,
            sourceKind: 'meeting_record',
            language: 'en',
          },
        },
        {
          reference: 'Xu-3',
          shortTitle: 'China supports Russia’s BRICS chairmanship; BRICS is “an essential platform for Russian-Chinese co-operation on international matters” (Xu Changzhi)',
          kind: 'stated_position',
          fullText:
            '[On BRICS and the summit in Kazan:] China supports Russia’s efforts during its chairmanship. BRICS has moved to a new stage of its development and now represents not just the interests of individual countries, but the interests of the global majority. At the same time, BRICS is also an essential platform for Russian-Chinese co-operation on international matters.',
          mechanism: 'brics',
          bodies: [],
          themes: ['multilateral diplomacy'],
        },
        {
          reference: 'Xu-4',
          shortTitle: 'The Chinese leaders “will take the necessary measures to reduce political tension” (Xu Changzhi)',
          kind: 'stated_position',
          fullText:
            'Now it is difficult to deal simultaneously with both Republicans and Democrats, who view China as the main adversary, but the Chinese leaders do not intend to aggravate relations with other countries, so they will take the necessary measures to reduce political tension.',
          bodies: [],
          themes: ['political dialogue'],
        },
        {
          reference: 'Pylin-1',
          shortTitle: 'Introduce more flexible forms of cooperation in the EAEU, such as project-based and intra-industry cooperation (proposed by Artem Pylin)',
          fullText:
            'More flexible forms of cooperation should be introduced in the EAEU, for instance, project-based and intra-industry cooperation. The latter can change the imbalance in economic relations between Russia and China, which is a consequence of the inter-industry trade structure, where Russia supplies energy resources and receives goods with higher added value in return.',
          bodies: [{ body: 'eaeu', role: 'lead' }],
          themes: ['eurasian integration', 'industrial cooperation', 'trade'],
        },
        {
          reference: 'Pylin-2',
          shortTitle: 'Business should actively propose new solutions to sanctions risks in EAEU cooperation (proposed by Artem Pylin)',
          fullText:
            'Today, the EAEU partners take sanctions risks into account, but business should actively propose new solutions.',
          bodies: [],
          themes: ['eurasian integration', 'trade'],
        },
        {
          reference: 'Pylin-3',
          shortTitle: 'Moscow and Beijing are keen to intensify their interaction with Central Asia, based on trade, economic ties and investment (Artem Pylin)',
          kind: 'stated_position',
          fullText:
            'Building co-operation with economically and demographically dynamic Central Asia is a key interest of Moscow and Beijing. Thus, both sides are keen to intensify their interaction with the region, considering cooperation as a new stage of the development based on trade and economic ties along with investments. Meanwhile, energy co-operation with Central Asia is also of particular value to China.',
          bodies: [],
          themes: ['trade', 'investment', 'energy'],
        },
        {
          reference: 'Pylin-4',
          shortTitle: 'Russia’s tasks in Central Asia: labour migrants for the Russian market and markets for raw materials and energy products (Artem Pylin)',
          kind: 'stated_position',
          fullText:
            'For Russia, Central Asia has traditionally been one of the key ‘neighbourhood belts’ … Particularly important are the tasks of providing the Russian market with labour migrants and maintaining markets for raw materials and energy products.',
          bodies: [],
          themes: ['trade', 'energy'],
        },
      ],
    },

    // ------------------------------------------------------------------
    // 5. Alseitov, "One Belt – One Road" paper
    // ------------------------------------------------------------------
    {
      source: {
        key: 'alseitov-obor-strategic-cooperation',
        title: OBOR_TITLE,
        authors: 'Alseitov Bauyrzhan',
        publisher: 'ECRTD-UK',
        // The seed text carries no publication date; 2017 is the earliest year consistent with
        // it (the latest events cited are of May and July 2017). To be verified.
        publishedOn: '2017',
        kind: 'journal_paper',
        language: 'en',
      },
      recommendations: [
        {
          reference: 'C-1992',
          shortTitle: 'Maintain a regular dialogue at all levels and through all channels (1992 Joint Statement)',
          kind: 'commitment',
          fullText:
            'In December 1992, China and Russia signed the Joint Statement, “Foundations of Mutual Relations between the People’s Republic of China and the Russian Federation” … The both countries agreed to maintain a regular dialogue at all levels and through all channels, thus making it clear that high-level interaction, as well as coordination of personal contacts between the leaders of the two countries are of particular importance, which resulted in the creation of a hotline between China and Russia.',
          bodies: [],
          themes: ['political dialogue'],
          // Not assessed. The paper evidences only the top level (the hotline; the heads of state meeting
          // "5-6 times a year"), not "all levels and all channels", so it would support "partially
          // implemented" at most; but it gives no date of its own to date that evidence by.
        },
        {
          reference: 'C-1994',
          shortTitle: 'Expand bilateral trade and economic cooperation on the principle of economic complementarity (1994 Joint Declaration)',
          kind: 'commitment',
          fullText:
            '[“Joint Russian-Chinese Declaration” of September 3, 1994:] … both sides intended to take effective measures to further expand and develop bilateral trade and economic cooperation through the use of the unique advantages of their geographical regions and the principle of economic complementarity of the two countries.',
          bodies: [],
          themes: ['trade'],
        },
        {
          reference: 'C-2009',
          shortTitle: 'Programme of cooperation between the Far East and Eastern Siberia and Northeast China, with an implementation period up to 2018',
          kind: 'commitment',
          fullText:
            '[Table 1, 2009:] Program of cooperation between the regions of the Far East and Eastern Siberia of the Russian Federation and the North-East of the PRC was developed with an implementation period of up to 2018.',
          mechanism: 'far-east-siberia-northeast-cooperation-programme-2009-2018',
          bodies: [
            { body: 'russian-far-east-regional-governments', role: 'lead' },
            { body: 'eastern-siberia-regional-governments', role: 'supporting' },
            { body: 'northeast-china-provincial-governments', role: 'supporting' },
          ],
          themes: ['cross-border cooperation'],
          // "with an implementation period of up to 2018": the end of that year.
          targetDate: '2018-12-31',
        },
        {
          reference: 'C-2012',
          shortTitle: 'China ready to cooperate with Russia to promote comprehensive strategic partnership and cooperation at a new level (Hu Jintao, March 2012)',
          kind: 'commitment',
          fullText:
            'In March 2012, when Putin was re-elected as president of the Russian Federation, President Hu Jintao reaffirmed that China is ready to cooperate with Russia in order to promote comprehensive strategic partnership and cooperation at a new level.',
          bodies: [],
          themes: ['political dialogue'],
        },
        {
          reference: 'C-2015-1',
          shortTitle: 'Jointly solve global issues of world development and promote global “multilateral comanagement” (2015 Joint Statement)',
          kind: 'commitment',
          fullText:
            '[Joint statement of May 2015 on cooperation in conjunction with the construction of the Eurasian Economic Union and the Silk Road Economic Belt:] … Both sides declared a joint solution to global issues of world development, building common capacities, promoting global “multilateral comanagement” and resolving other issues related to common historical responsibility.',
          bodies: [],
          themes: ['eurasian integration', 'multilateral diplomacy'],
        },
        {
          reference: 'C-2015-2',
          shortTitle: 'Mutual support in response to the actions of the United States, Japan and NATO (2015 Joint Statement)',
          kind: 'commitment',
          fullText:
            '[Joint statement of May 2015:] … The document emphasized the need for mutual support in response to the actions of the United States, Japan and NATO and the strengthening of the newly created alliance, as well as close cooperation between China and Russia with the permanent members of the United Nations Security Council …',
          bodies: [],
          themes: ['security', 'multilateral diplomacy'],
        },
        {
          reference: 'C-2016-1',
          shortTitle: 'Support the development of dialogue and strategic trust at a high level (2016 Joint Statement)',
          kind: 'commitment',
          fullText:
            'In 2016, President V. V. Putin and Chinese President XI Jinping signed the “Joint statement of the Russian Federation and the people’s Republic of China” … in which both countries committed themselves to support the development of dialogue and strategic trust at a high level …',
          bodies: [],
          themes: ['political dialogue'],
        },
        {
          reference: 'C-2016-2',
          shortTitle: 'Create a new joint government and legislative bodies (2016 Joint Statement)',
          kind: 'commitment',
          fullText:
            '[2016 Joint statement:] … both countries committed themselves to … create a new joint government and legislative bodies in accordance with the needs of the two peoples …',
          bodies: [],
          themes: ['political dialogue'],
        },
        {
          reference: 'C-2016-3',
          shortTitle: 'Ensure stable trade relations and create conditions for bilateral trade of about 200 billion USD (2016 Joint Statement)',
          kind: 'commitment',
          fullText:
            '[2016 Joint statement:] … both countries committed themselves to … ensure the stability of trade relations, gradually optimizing the branched structure of trade and creating all the necessary conditions for achieving bilateral trade volume of about 200 billion USD.',
          // The paper gives no target year for the 200 billion USD volume.
          bodies: [],
          themes: ['trade'],
        },
        {
          reference: 'C-2016-4',
          shortTitle: 'Jointly use outer space for peaceful purposes and strive to implement the aerospace cooperation plan 2016–2021 (2016 Joint Statement)',
          kind: 'commitment',
          fullText:
            '[2016 Joint statement:] Reference was also made to the intention to jointly use outer space for peaceful purposes and to fully strive for the implementation of the plan for the development of aerospace cooperation between China and Russia 2016 -2021 …',
          mechanism: 'china-russia-aerospace-cooperation-plan-2016-2021',
          bodies: [],
          themes: ['space'],
          targetDate: '2021-12-31',
        },
        {
          reference: 'A-0',
          shortTitle: 'Base strategic cooperation on observing the strategic interests of both powers and their characteristics and advantages',
          fullText:
            'Obviously, the strategic cooperation between China and Russia should be based on observing the strategic interests of both powers, which implies the need to take into consideration the characteristics and advantages of two countries.',
          bodies: [],
          themes: ['political dialogue'],
        },
        {
          reference: 'A-1',
          shortTitle: 'Develop close military, political and economic cooperation and strengthen the friendship between the two armies',
          fullText:
            'The current situation on the world stage requires China and Russia to develop close military, political and economic cooperation, strengthening the traditional friendship between the two armies, and this is an important component of the Chinese-Russian multilateral strategic partnership.',
          bodies: [],
          themes: ['security', 'political dialogue'],
        },
        {
          reference: 'A-2',
          shortTitle: 'Use “One Belt and One Road” to compensate for the narrowing potential of the EAEU in its major projects',
          fullText:
            'Russia will be forced to independently implement the planned major projects of the Eurasian economic Union, and it is the Chinese project of the “One Belt and One Road” that can naturally compensate for this demand. China has the potential to ensure full-scale cooperation in the fields of electronics, aerospace, mechanical engineering, agriculture, bioengineering, information and communication, medicine and other areas that will be focused on the Eurasian economic Union.',
          bodies: [],
          themes: ['eurasian integration', 'investment', 'industrial cooperation'],
        },
        {
          reference: 'A-2.1',
          shortTitle: 'Form the “Russian economic corridor” in the Russian Far East for multi-vector Russian-Chinese joint projects',
          fullText:
            'It is also impossible not to mention the prospects associated with the Russian Far East and the formation of the “Russian economic corridor”, which will allow the implementation of multi-vector Russian-Chinese joint projects.',
          bodies: [],
          themes: ['cross-border cooperation', 'investment'],
        },
        {
          reference: 'A-3',
          shortTitle: 'Form a large-scale “development partnership” by combining Russian and Chinese advantages',
          fullText:
            'Russian-Chinese cooperation can be built on the principle of complementarity. … Russia has more developed military, aerospace, aviation, materials technology, China – light industry, electronics, communication technology, and on this basis can form a modern large-scale “development partnership”.',
          bodies: [],
          themes: ['industrial cooperation', 'investment'],
        },
        {
          reference: 'A-3.1',
          shortTitle: 'Russia can contribute to China’s entry into foreign markets through “reindustrialization”; China can become a guarantor of Russia’s economic security',
          fullText:
            'In addition, China has the world’s largest foreign exchange reserves, its enterprises are actively entering foreign markets, and Russia can contribute to this through “reindustrialization” for the rapid growth of urgent foreign investment in cooperation with Western countries and the prevention of financial difficulties when investing in the Chinese economy. Russia is rich in natural resources, especially oil and gas and land, as well as large reserves of freshwater, China is a “strategic buyer” of various resources and is able to become a guarantor of Russia’s economic security.',
          bodies: [],
          themes: ['investment', 'energy'],
        },
        {
          reference: 'A-4',
          shortTitle: 'Develop a strategy for a Eurasian and then global system of security and stability',
          fullText:
            'As it seems today, joint Sino-Russian efforts to curb new interventionism should be directed primarily against external actors seeking to provoke “color revolutions” … To this end, it is necessary to develop a strategy to ensure the Eurasian and then global system of security and stability, along with the universal principles of security cooperation between China, Russia and other countries.',
          bodies: [],
          themes: ['security'],
        },
        {
          reference: 'A-4.1',
          shortTitle: 'Respect for national sovereignty and the leading role of the United Nations at the forefront of security cooperation',
          fullText: 'Respect for the national sovereignty of each country and the leading role of the United Nations should be at the forefront.',
          bodies: [],
          themes: ['security', 'multilateral diplomacy'],
        },
      ],
    },
  ],
};
