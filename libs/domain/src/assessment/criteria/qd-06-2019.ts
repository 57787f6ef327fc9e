/**
 * QĐ 06/QĐ-TTg of 03/01/2019: standards, assessment and recognition of child-friendly communes (13 criteria,
 * 1000 points). Encoded from public copies and summaries of the decision; the full scoring table (Điều 2 khoản 2 of the
 * Regulation, right after the criteria list in khoản 1) could not be read, so every figure not confirmed by a source is
 * marked `verify: true` with a note saying what is assumed.
 *
 * Confirmed [S]: the 13 criteria and their order; no criterion may score 0; pass marks 850 / 800 / 900; criterion 1
 * is worth 100 points, 50 of them for a commune child-protection officer, 15 for village collaborators, 15 for a
 * child-protection board meeting regularly; criterion 6 is worth 125 points (50 at ≥ 95% of children in special
 * circumstances supported, 75 only when 100% of sexual-abuse, abandonment and trafficking cases had an intervention
 * plan approved in time by the commune chairman); criterion 7 gives its top 50 points at ≥ 98% of under-1s fully
 * immunised; assessment in November of the 2nd and 4th year of the five-year plan.
 *
 * Second research pass (stored copies of public pages, public GitHub files and dataset viewers): the scoring table of
 * Điều 2 khoản 2 was again not readable past Tiêu chí 1, item 4 ("Có kinh phí (ngân s…"); no copy of the full text, no
 * commune self-assessment sheet and no repository holding the text was found. Nothing beyond the facts above could be
 * confirmed, so every `verify: true` below stands. Sources read are listed in `references` with their addresses.
 */
import { defineCriteriaSet, type Criterion, type Indicator } from '../criteria-set.js';

const REG = 'Quy định kèm QĐ 06/QĐ-TTg, Điều 2 (cách tính và thang điểm)';
const src = (no: number) => `${REG}, Tiêu chí ${no}`;
const ASSUMED_MAX = 'Maximum points not found in the sources read; assumed so that the 13 criteria add up to 1000.';
const ASSUMED_SCALE = 'Threshold table not found in the sources read; brackets assumed.';

/** A yes/no indicator: all its points when yes. */
const yes = (id: string, title: string, maxPoints: number, extra: Partial<Indicator> = {}): Indicator => ({
  id,
  title,
  unit: 'yes_no',
  maxPoints,
  thresholds: [{ when: true, points: maxPoints }],
  source: src(Number(id.split('.')[0])),
  ...extra,
});

/** An indicator where a higher value is better: [min, points] brackets from the best. */
const atLeast = (
  id: string,
  title: string,
  unit: Indicator['unit'],
  brackets: [number, number][],
  extra: Partial<Indicator> = {},
): Indicator => ({
  id,
  title,
  unit,
  maxPoints: brackets[0][1],
  thresholds: brackets.map(([min, points]) => ({ min, points })),
  source: src(Number(id.split('.')[0])),
  ...extra,
});

/** An indicator where a lower value is better: [max, points] brackets from the best. */
const atMost = (
  id: string,
  title: string,
  unit: Indicator['unit'],
  brackets: [number, number][],
  extra: Partial<Indicator> = {},
): Indicator => ({
  id,
  title,
  unit,
  maxPoints: brackets[0][1],
  thresholds: brackets.map(([max, points]) => ({ max, points })),
  source: src(Number(id.split('.')[0])),
  ...extra,
});

const verify = (note: string, feedsFrom?: string): Partial<Indicator> => ({ verify: true, note, ...(feedsFrom ? { feedsFrom } : {}) });
const assumed = (no: number, key: string, title: string, maxPoints: number, indicators: Indicator[]): Criterion => ({
  no,
  key,
  title,
  maxPoints,
  indicators,
  source: src(no),
  verify: true,
  note: ASSUMED_MAX,
});

const criteria: Criterion[] = [
  {
    no: 1,
    key: 'resources',
    title: 'Nguồn lực thực hiện quyền trẻ em',
    maxPoints: 100,
    source: src(1),
    indicators: [
      yes('1.1', 'Có bố trí người làm công tác bảo vệ trẻ em cấp xã', 50, { feedsFrom: 'officer_ldtbxh' }),
      yes('1.2', 'Có bố trí cộng tác viên bảo vệ trẻ em tại thôn, tổ dân phố', 15, { feedsFrom: 'officer_ldtbxh' }),
      yes('1.3', 'Có ban hoặc nhóm chuyên trách bảo vệ trẻ em cấp xã, thực hiện giao ban, đánh giá định kỳ tháng, quý, năm', 15, {
        feedsFrom: 'officer_ldtbxh',
      }),
      yes(
        '1.4',
        'Có kinh phí (ngân sách và vận động) cho công tác trẻ em',
        20,
        verify(
          'The source text was cut at this line: its title is partly read and its 20 points are the remainder of 100 − 50 − 15 − 15. It may be graded by amount rather than yes/no.',
          'finance_officer',
        ),
      ),
    ],
  },
  assumed(2, 'birth_registration', 'Trẻ em được khai sinh đúng quy định', 50, [
    atLeast(
      '2.1',
      'Tỷ lệ trẻ em được đăng ký khai sinh đúng quy định',
      '%',
      [
        [100, 50],
        [98, 40],
        [95, 30],
        [90, 20],
      ],
      verify(`${ASSUMED_SCALE} The decision may count births registered on time, or children under 5 registered.`, 'justice_officer'),
    ),
  ]),
  assumed(3, 'abuse', 'Trẻ em bị xâm hại', 100, [
    atMost(
      '3.1',
      'Tỷ suất trẻ em bị xâm hại (trên 1.000 trẻ em)',
      'per_1000',
      [
        [0, 100],
        [0.5, 75],
        [1, 50],
        [2, 25],
      ],
      verify(
        `${ASSUMED_SCALE} Sources say the criterion is scored on a rate (tỷ suất) of abused children; the base (per 1,000 or per 100,000) is assumed.`,
        'officer_ldtbxh',
      ),
    ),
  ]),
  assumed(4, 'law_and_drugs', 'Trẻ em vi phạm pháp luật, nghiện ma túy', 50, [
    atMost(
      '4.1',
      'Tỷ suất trẻ em vi phạm pháp luật (trên 1.000 trẻ em)',
      'per_1000',
      [
        [0, 30],
        [0.5, 20],
        [1, 10],
      ],
      verify(`${ASSUMED_SCALE} The split between law violations and drug use is assumed.`, 'officer_ldtbxh'),
    ),
    atMost(
      '4.2',
      'Số trẻ em nghiện ma túy',
      'count',
      [[0, 20]],
      verify('Assumed: full points only when no child uses drugs.', 'officer_ldtbxh'),
    ),
  ]),
  assumed(5, 'injuries', 'Trẻ em bị tai nạn, thương tích', 100, [
    atMost(
      '5.1',
      'Tỷ suất trẻ em bị tai nạn, thương tích (trên 1.000 trẻ em)',
      'per_1000',
      [
        [2, 50],
        [4, 40],
        [6, 30],
        [8, 20],
      ],
      verify(
        `${ASSUMED_SCALE} Scale chosen around the national 2025 target of 550 per 100,000 children (QĐ 23/QĐ-TTg 2021).`,
        'health_station',
      ),
    ),
    atMost(
      '5.2',
      'Số trẻ em tử vong do tai nạn, thương tích (đuối nước, giao thông…)',
      'count',
      [
        [0, 50],
        [1, 25],
      ],
      verify(`${ASSUMED_SCALE} Whether deaths are scored separately is assumed.`, 'health_station'),
    ),
  ]),
  {
    no: 6,
    key: 'special_circumstances',
    title: 'Trẻ em có hoàn cảnh đặc biệt được trợ giúp',
    maxPoints: 125,
    source: src(6),
    indicators: [
      atLeast(
        '6.1',
        'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp',
        '%',
        [
          [95, 50],
          [90, 40],
          [85, 30],
          [80, 20],
        ],
        verify('50 points at ≥ 95% is confirmed; the lower brackets are assumed.', 'officer_ldtbxh'),
      ),
      atLeast(
        '6.2',
        'Tỷ lệ vụ việc trẻ em bị xâm hại tình dục, bị bỏ rơi, bị mua bán được Chủ tịch UBND cấp xã phê duyệt kế hoạch hỗ trợ, can thiệp kịp thời',
        '%',
        [[100, 75]],
        {
          feedsFrom: 'officer_ldtbxh',
          note: 'All 75 points only at 100%; no partial points. A commune with no such case has nothing pending: enter 100 (verify that the council reads it so).',
        },
      ),
    ],
  },
  {
    no: 7,
    key: 'immunisation',
    title: 'Trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin thuộc Chương trình tiêm chủng mở rộng',
    maxPoints: 50,
    source: src(7),
    indicators: [
      atLeast(
        '7.1',
        'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin',
        '%',
        [
          [98, 50],
          [95, 40],
          [90, 30],
          [85, 20],
        ],
        verify('50 points at ≥ 98% is confirmed; the lower brackets are assumed.', 'health_station'),
      ),
    ],
  },
  assumed(8, 'malnutrition', 'Trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân và thể thấp còi', 75, [
    atMost(
      '8.1',
      'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân',
      '%',
      [
        [5, 35],
        [10, 25],
        [15, 15],
      ],
      verify(`${ASSUMED_SCALE} The decision may compare with the district or province average instead of fixed rates.`, 'health_station'),
    ),
    atMost(
      '8.2',
      'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi',
      '%',
      [
        [10, 40],
        [15, 30],
        [20, 20],
        [25, 10],
      ],
      verify(`${ASSUMED_SCALE} The decision may compare with the district or province average instead of fixed rates.`, 'health_station'),
    ),
  ]),
  assumed(9, 'health_checks', 'Trẻ em được khám sức khỏe định kỳ', 50, [
    atLeast(
      '9.1',
      'Tỷ lệ trẻ em được khám sức khỏe định kỳ',
      '%',
      [
        [90, 50],
        [80, 40],
        [70, 30],
        [60, 20],
      ],
      verify(`${ASSUMED_SCALE} The age groups counted are not known.`, 'health_station'),
    ),
  ]),
  assumed(10, 'schooling', 'Trẻ em đến trường, lớp mầm non', 100, [
    atLeast(
      '10.1',
      'Tỷ lệ trẻ em từ 3 đến 5 tuổi đi học mẫu giáo',
      '%',
      [
        [95, 50],
        [90, 40],
        [85, 30],
        [80, 20],
      ],
      verify(`${ASSUMED_SCALE} The split between pre-school and school age is assumed.`, 'school'),
    ),
    atLeast(
      '10.2',
      'Tỷ lệ trẻ em trong độ tuổi đi học tiểu học và trung học cơ sở',
      '%',
      [
        [98, 50],
        [95, 40],
        [90, 30],
        [85, 20],
      ],
      verify(`${ASSUMED_SCALE} The split between pre-school and school age is assumed.`, 'school'),
    ),
  ]),
  assumed(11, 'participation', 'Trẻ em được thực hiện quyền tham gia của trẻ em', 50, [
    yes(
      '11.1',
      'Tổ chức diễn đàn trẻ em hoặc lấy ý kiến trẻ em về các vấn đề của trẻ em trong năm',
      25,
      verify('Assumed: yes/no for holding a children’s forum or consultation at least once a year.', 'youth_union'),
    ),
    atLeast(
      '11.2',
      'Tỷ lệ ý kiến, kiến nghị của trẻ em được tiếp thu, trả lời',
      '%',
      [
        [100, 25],
        [80, 15],
        [50, 10],
      ],
      verify(ASSUMED_SCALE, 'officer_ldtbxh'),
    ),
  ]),
  assumed(12, 'play_and_culture', 'Hoạt động vui chơi, giải trí, văn hóa, thể dục, thể thao dành cho trẻ em', 50, [
    yes(
      '12.1',
      'Xã có điểm vui chơi, giải trí, thể thao dành cho trẻ em',
      20,
      verify(
        'Assumed from the national statistics indicators (TT 13/2021/TT-BLĐTBXH: communes with a play area for children).',
        'officer_culture',
      ),
    ),
    atLeast(
      '12.2',
      'Tỷ lệ thôn có thiết chế văn hóa, thể thao dành cho trẻ em',
      '%',
      [
        [80, 20],
        [50, 15],
        [30, 10],
      ],
      verify(`${ASSUMED_SCALE} Indicator taken from TT 13/2021/TT-BLĐTBXH.`, 'officer_culture'),
    ),
    yes(
      '12.3',
      'Tổ chức hoạt động vui chơi, văn hóa, thể thao cho trẻ em dịp Tết Thiếu nhi 1/6 và Tết Trung thu',
      10,
      verify('Assumed: yes/no for organising the Children’s Day and Mid-Autumn activities.', 'officer_ldtbxh'),
    ),
  ]),
  assumed(13, 'satisfaction', 'Mức độ hài lòng của trẻ em và người dân về việc thực hiện quyền trẻ em', 100, [
    atLeast(
      '13.1',
      'Tỷ lệ trẻ em được hỏi hài lòng về việc thực hiện quyền trẻ em',
      '%',
      [
        [90, 50],
        [80, 40],
        [70, 30],
        [50, 20],
      ],
      verify(`${ASSUMED_SCALE} The survey method (sample, form) is set by the decision and not encoded.`, 'officer_ldtbxh'),
    ),
    atLeast(
      '13.2',
      'Tỷ lệ người dân được hỏi hài lòng về việc thực hiện quyền trẻ em',
      '%',
      [
        [90, 50],
        [80, 40],
        [70, 30],
        [50, 20],
      ],
      verify(`${ASSUMED_SCALE} The survey method (sample, form) is set by the decision and not encoded.`, 'officer_ldtbxh'),
    ),
  ]),
];

export const QD_06_2019 = defineCriteriaSet({
  id: 'qd-06-2019',
  decision: {
    ref: '06/QĐ-TTg',
    date: '2019-01-03',
    title: 'Quy định về tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em',
  },
  passMarks: { ordinary: 850, difficult: 800, urban_ward: 900 },
  classLabels: {
    ordinary: 'xã, phường, thị trấn còn lại',
    difficult: 'xã, thị trấn thuộc miền núi, hải đảo; xã đặc biệt khó khăn',
    urban_ward: 'phường thuộc quận, thị xã, thành phố của thành phố trực thuộc trung ương',
  },
  maxTotal: 1000,
  assessment: { month: 11, planYears: [2, 4], periodAnchorYear: 2021, periodLength: 5 },
  criteria,
  references: [
    'https://cuuchienbinh.vn/13-tieu-chi-danh-gia-xa-phuong-thi-tran-phu-hop-voi-tre-em (13 criteria; criterion 6: 125 = 50 at ≥ 95% + 75 at 100%; criterion 7: 50 at ≥ 98%)',
    'https://blog.baothaibinh.com.vn/tin-tuc/0/75000/13-tieu-chi-danh-gia-xa-phuong-hoac-thi-tran-phu-hop-voi-tre-em (same facts)',
    'https://thukyluat.vn/news/thong-bao-van-ban-moi/dieu-kien-cong-nhan-xa-dat-chuan-phu-hop-voi-tre-em-51115.html (no criterion at 0; 900 / 800 / 850)',
    'https://vitreem.baodansinh.vn/cac-tieu-chi-de-nhan-dien-xa-phuong-thi-tran-phu-hop-voi-tre-em-20211121190157.htm (criterion 1: 100 = 50 + 15 + 15 + funding item, cut off at item 4)',
    'https://trangtinphapluat.com/blog/bai-viet-hay/gioi-thieu-van-ban-moi/xa-phuong-thi-tran-phu-hop-voi-tre-em/ (criteria list; Điều 2 khoản 2 holds the scoring table, cut off at criterion 1)',
    'https://lawnet.vn/en/laws/what-are-13-criteria-for-assessing-child-friendly-communes-in-2022-what-are-the-procedures-on-asses-39238.html (criteria list = Article 2 clause 1 of the Regulation)',
    'http://tuvanmienphi.vn/vi/phap-luat/228-quyet-dinh-so-06qd-ttg.html (points computed from rates: tỷ lệ, tỷ suất)',
    'https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-06-QD-TTg-2019-trinh-tu-danh-gia-va-cong-nhan-xa-phuong-thi-tran-phu-hop-voi-tre-em-404124.aspx (full text; only its summary was readable: 13 criteria, no criterion at 0, pass marks)',
    'dondoc shared/domain/DOMAIN.md §2, §6 (assessed in November of the 2nd and 4th year of the five-year plan; baonghean.vn)',
  ],
  note: 'A 2024 draft replacing this decision was published for comments by MOLISA (duthaovanban.molisa.gov.vn); if adopted it becomes a new set.',
});
