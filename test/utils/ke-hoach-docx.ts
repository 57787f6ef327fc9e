import { Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
const cell = (...lines: string[]) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: lines.map((l) => p(l)) });
const row = (...cells: TableCell[]) => new TableRow({ children: cells });
const numbered = (text: string) => new Paragraph({ text, numbering: { reference: 'activities', level: 0 } });

/**
 * A Kế hoạch of xã Tân Phú (Đồng Phú, Bình Phước) as Word builds it: the heading and the signature in two-column
 * tables, section II as an automatically numbered Word list, section IV as a table "STT | Đơn vị | Nhiệm vụ".
 */
export async function tanPhuPlanDocx(): Promise<Buffer> {
  const doc = new Document({
    numbering: { config: [{ reference: 'activities', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.' }] }] },
    sections: [
      {
        children: [
          new Table({
            rows: [
              row(
                cell('UBND HUYỆN ĐỒNG PHÚ', 'UBND XÃ TÂN PHÚ', 'Số: 27/KH-UBND'),
                cell('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Tân Phú, ngày 10 tháng 01 năm 2025'),
              ),
            ],
          }),
          p('KẾ HOẠCH', true),
          p('Chăm sóc sức khỏe và bảo vệ trẻ em năm 2025', true),
          p(
            'Căn cứ Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ về Chương trình hành động quốc gia vì trẻ em giai đoạn 2021-2030;',
          ),
          p('UBND xã Tân Phú ban hành Kế hoạch chăm sóc sức khỏe và bảo vệ trẻ em năm 2025 như sau:'),
          p('I. MỤC ĐÍCH, YÊU CẦU', true),
          p('1. Bảo đảm trẻ em dưới 1 tuổi được tiêm chủng đầy đủ.'),
          p('II. NỘI DUNG HOẠT ĐỘNG', true),
          numbered('Trạm Y tế xã tổ chức tiêm chủng mở rộng cho trẻ em dưới 1 tuổi hằng tháng.'),
          numbered('Tổ chức Diễn đàn trẻ em xã năm 2025 để trẻ em nêu ý kiến, nguyện vọng.'),
          numbered('Tổ chức Vui Tết Trung thu cho trẻ em trên địa bàn xã.'),
          numbered('Bố trí kinh phí mua quà cho trẻ em có hoàn cảnh đặc biệt.'),
          p('III. TỔ CHỨC THỰC HIỆN', true),
          new Table({
            rows: [
              row(cell('STT'), cell('Đơn vị'), cell('Nhiệm vụ')),
              row(
                cell('1'),
                cell('Công chức văn hóa - xã hội phụ trách LĐTB&XH'),
                cell('Chủ trì, tham mưu triển khai kế hoạch; báo cáo kết quả trước ngày 10/12/2025.'),
              ),
              row(cell('2'), cell('Trạm Y tế xã'), cell('Thực hiện tiêm chủng, khám sức khỏe định kỳ cho trẻ em.')),
              row(cell('3'), cell('Công chức tài chính - kế toán'), cell('Bố trí kinh phí thực hiện kế hoạch.')),
              row(cell('4'), cell('Ban điều hành các thôn'), cell('Phối hợp rà soát, lập danh sách trẻ em cần hỗ trợ.')),
            ],
          }),
          p('Trên đây là Kế hoạch chăm sóc sức khỏe và bảo vệ trẻ em năm 2025 của UBND xã Tân Phú./.'),
          new Table({
            rows: [
              row(
                cell('Nơi nhận:', '- Phòng Y tế huyện (b/c);', '- Đảng ủy, HĐND xã (b/c);', '- Các thôn (t/h);', '- Lưu: VT.'),
                cell('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Trần Văn Bình'),
              ),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A paragraph of a Word list: `reference` names the numbering definition, `instance` a restart of its count. */
const listed = (text: string, reference: string, level: number, instance = 0, bold = false) =>
  new Paragraph({ children: [new TextRun({ text, bold })], numbering: { reference, level, instance } });
const header = (district: string | undefined, commune: string, num: string, place: string) =>
  new Table({
    rows: [
      row(
        cell(...[district, commune, `Số: ${num}`].filter((x): x is string => !!x)),
        cell('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', place),
      ),
    ],
  });
const cells = (...texts: string[]) => row(...texts.map((t) => new TableCell({ children: [p(t)] })));

/**
 * A Kế hoạch of xã Bình Minh (Thanh Oai, Hà Nội), 2024, as Word numbers it by itself: the section headings are a
 * Word list in upper-case Roman numerals (bold), the activities a decimal Word list whose count goes on across an
 * unnumbered paragraph and restarts in section III (a second instance); "KINH PHÍ THỰC HIỆN" is a bold paragraph
 * without a number.
 */
export async function binhMinhPlanDocx(): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        { reference: 'sections', levels: [{ level: 0, format: LevelFormat.UPPER_ROMAN, text: '%1.' }] },
        {
          reference: 'activities',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
            { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)' },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          header('UBND HUYỆN THANH OAI', 'UBND XÃ BÌNH MINH', '21/KH-UBND', 'Bình Minh, ngày 20 tháng 02 năm 2024'),
          p('KẾ HOẠCH', true),
          p('Phòng, chống tai nạn thương tích trẻ em năm 2024', true),
          p(
            'Căn cứ Quyết định số 1248/QĐ-TTg ngày 19/10/2021 của Thủ tướng Chính phủ phê duyệt Chương trình phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021-2030;',
          ),
          p('UBND xã Bình Minh ban hành Kế hoạch phòng, chống tai nạn thương tích trẻ em năm 2024 như sau:'),
          listed('MỤC ĐÍCH, YÊU CẦU', 'sections', 0, 0, true),
          p('Giảm số trẻ em bị tai nạn thương tích so với năm 2023; nâng cao kỹ năng phòng tránh cho trẻ em và cha mẹ.'),
          listed('NỘI DUNG HOẠT ĐỘNG', 'sections', 0, 0, true),
          listed(
            'Tuyên truyền kiến thức phòng, chống tai nạn thương tích cho cha mẹ và trẻ em trên hệ thống truyền thanh, hằng tháng, từ tháng 3 đến tháng 12; Đài truyền thanh xã thực hiện.',
            'activities',
            0,
            1,
          ),
          listed(
            'Rà soát, cập nhật danh sách trẻ em có nguy cơ bị tai nạn thương tích tại các thôn, hoàn thành trước ngày 30/4/2024 (Trưởng các thôn thực hiện).',
            'activities',
            0,
            1,
          ),
          listed(
            'Đoàn Thanh niên xã chủ trì, phối hợp với các trường học tổ chức lớp dạy bơi, kỹ năng an toàn trong môi trường nước cho trẻ em từ ngày 01/6 đến ngày 31/7.',
            'activities',
            0,
            1,
          ),
          p('Các lớp học phải bảo đảm an toàn tuyệt đối cho trẻ em tham gia; ưu tiên trẻ em ở các thôn ven sông Đáy.'),
          listed('Trạm Y tế xã tập huấn sơ cứu, cấp cứu ban đầu cho cộng tác viên và giáo viên trong Quý II.', 'activities', 0, 1),
          listed(
            'Tổ chức các hoạt động vui chơi cho trẻ em nhân Ngày Quốc tế Thiếu nhi; giao Công chức Văn hóa - Xã hội chủ trì thực hiện.',
            'activities',
            0,
            1,
          ),
          listed('TỔ CHỨC THỰC HIỆN', 'sections', 0, 0, true),
          listed(
            'Công chức Văn hóa - Xã hội: là đầu mối, tham mưu UBND xã triển khai Kế hoạch; tổng hợp, báo cáo kết quả thực hiện về Phòng Lao động - Thương binh và Xã hội huyện chậm nhất ngày 15/12/2024.',
            'activities',
            0,
            2,
          ),
          listed(
            'Trạm Y tế xã: hướng dẫn sơ cứu, cấp cứu tai nạn thương tích; thống kê trẻ em bị tai nạn thương tích 6 tháng đầu năm.',
            'activities',
            0,
            2,
          ),
          listed(
            'Các trường Mầm non, Tiểu học, Trung học cơ sở: lồng ghép giáo dục kỹ năng phòng tránh tai nạn thương tích cho học sinh, hoàn thành trước ngày 31/5/2024.',
            'activities',
            0,
            2,
          ),
          listed(
            'Trưởng các thôn: theo dõi trẻ em có nguy cơ, báo cáo tình hình tai nạn thương tích trẻ em về UBND xã hằng quý.',
            'activities',
            0,
            2,
          ),
          p('KINH PHÍ THỰC HIỆN', true),
          p(
            'Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách xã năm 2024; giao Công chức Tài chính - Kế toán lập dự toán, trình UBND xã phê duyệt trước ngày 15/3/2024.',
          ),
          p('Trên đây là Kế hoạch phòng, chống tai nạn thương tích trẻ em năm 2024 của UBND xã Bình Minh./.'),
          new Table({
            rows: [
              row(
                cell('Nơi nhận:', '- Phòng LĐTB&XH huyện (b/c);', '- Đảng ủy, HĐND xã (b/c);', '- Các thôn (t/h);', '- Lưu: VT.'),
                cell('TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Nguyễn Đức Thịnh'),
              ),
            ],
          }),
          p(''), // Word's closing paragraph mark after the last table (see hoaBinhPlanDocx)
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * A Kế hoạch of xã Hòa Bình (Thủy Nguyên), 2024: the Action Month, with manual numbering typed into the text and
 * the usual appendix "STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện", whose rows
 * partly repeat activities of the text and partly add new ones; "III. KINH PHÍ" has no numbered content.
 */
export async function hoaBinhPlanDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          header('UBND HUYỆN THỦY NGUYÊN', 'UBND XÃ HÒA BÌNH', '56/KH-UBND', 'Hòa Bình, ngày 06 tháng 5 năm 2024'),
          p('KẾ HOẠCH', true),
          p('Tổ chức Tháng hành động vì trẻ em năm 2024', true),
          p('Thực hiện Kế hoạch số 102/KH-UBND ngày 25/4/2024 của UBND huyện Thủy Nguyên về tổ chức Tháng hành động vì trẻ em năm 2024;'),
          p('UBND xã Hòa Bình xây dựng Kế hoạch như sau:'),
          p('I. MỤC ĐÍCH, YÊU CẦU', true),
          p('1. Nâng cao nhận thức, trách nhiệm của gia đình, nhà trường và xã hội trong việc bảo vệ, chăm sóc trẻ em.'),
          p('2. Các hoạt động được tổ chức thiết thực, an toàn, hướng về trẻ em có hoàn cảnh đặc biệt.'),
          p('II. NỘI DUNG HOẠT ĐỘNG', true),
          p('1. Xây dựng và ban hành Kế hoạch tổ chức Tháng hành động vì trẻ em năm 2024 của xã.'),
          p(
            '2. Tổ chức Lễ phát động Tháng hành động vì trẻ em, thăm và tặng quà trẻ em có hoàn cảnh đặc biệt nhân Ngày Quốc tế Thiếu nhi.',
          ),
          p('3. Tổ chức Diễn đàn trẻ em xã năm 2024 để trẻ em nêu ý kiến, nguyện vọng với lãnh đạo xã.'),
          p('4. Tuyên truyền về quyền trẻ em, phòng, chống xâm hại trẻ em trên hệ thống loa truyền thanh xã và các nhóm Zalo của thôn.'),
          p('III. KINH PHÍ', true),
          p(
            'Kinh phí tổ chức các hoạt động do ngân sách xã bảo đảm. Công chức Tài chính - Kế toán tham mưu bố trí kinh phí, hoàn thành trước ngày 25/5/2024.',
          ),
          p('IV. TỔ CHỨC THỰC HIỆN', true),
          p(
            '1. Công chức Văn hóa - Xã hội phụ trách lao động - thương binh và xã hội: chủ trì, tham mưu UBND xã triển khai Kế hoạch; báo cáo kết quả Tháng hành động về Phòng Lao động - Thương binh và Xã hội huyện trước ngày 05/7/2024.',
          ),
          p('2. Đoàn Thanh niên xã: phối hợp tổ chức Diễn đàn trẻ em và các hoạt động vui chơi cho trẻ em trong tháng 6.'),
          p('3. Hội Liên hiệp Phụ nữ xã: vận động hội viên chăm sóc, bảo vệ trẻ em, phòng, chống bạo lực gia đình trong tháng 6.'),
          p('4. Trưởng các thôn: phối hợp rà soát trẻ em, tuyên truyền đến từng hộ gia đình trong tháng 6.'),
          p('Phân công cụ thể tại Phụ lục kèm theo Kế hoạch này.'),
          p('Trên đây là Kế hoạch tổ chức Tháng hành động vì trẻ em năm 2024 của UBND xã Hòa Bình./.'),
          new Table({
            rows: [
              row(
                cell(
                  'Nơi nhận:',
                  '- Phòng LĐTB&XH huyện (b/c);',
                  '- Đảng ủy, HĐND xã (b/c);',
                  '- Các ban, ngành, đoàn thể xã (t/h);',
                  '- Các thôn (t/h);',
                  '- Lưu: VT.',
                ),
                cell('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Phạm Thị Hằng'),
              ),
            ],
          }),
          p('PHỤ LỤC', true),
          p('PHÂN CÔNG NHIỆM VỤ TỔ CHỨC THÁNG HÀNH ĐỘNG VÌ TRẺ EM NĂM 2024', true),
          p('(Kèm theo Kế hoạch số 56/KH-UBND ngày 06/5/2024 của UBND xã Hòa Bình)'),
          new Table({
            rows: [
              cells('STT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian thực hiện'),
              cells(
                '1',
                'Xây dựng, ban hành Kế hoạch tổ chức Tháng hành động vì trẻ em năm 2024',
                'Công chức VH-XH phụ trách LĐTB&XH',
                'Văn phòng - Thống kê',
                'Trước ngày 15/5/2024',
              ),
              cells(
                '2',
                'Lễ phát động Tháng hành động, thăm và tặng quà trẻ em nhân Ngày Quốc tế Thiếu nhi',
                'Phó Chủ tịch UBND xã',
                'Đoàn Thanh niên xã, Hội LHPN xã',
                'Ngày 01/6/2024',
              ),
              cells(
                '3',
                'Tổ chức Diễn đàn trẻ em xã năm 2024',
                'Đoàn Thanh niên xã',
                'Công chức VH-XH phụ trách LĐTB&XH; các trường học',
                'Từ ngày 10/6 đến ngày 20/6/2024',
              ),
              cells('4', 'Tuyên truyền trên hệ thống loa truyền thanh xã', 'Đài truyền thanh xã', 'Các thôn', 'Trong tháng 6/2024'),
              cells(
                '5',
                'Rà soát trẻ em có hoàn cảnh đặc biệt để tặng quà',
                'Trưởng các thôn',
                'Cộng tác viên thôn',
                'Trước ngày 25/5/2024',
              ),
              cells(
                '6',
                'Kiểm tra, giám sát việc tổ chức các hoạt động tại các thôn',
                'Phó Chủ tịch UBND xã',
                'Công chức VH-XH phụ trách LĐTB&XH',
                'Tháng 6/2024',
              ),
            ],
          }),
          // Word always ends a document with a paragraph mark after its last table. Without it, LibreOffice's
          // Word 97 export writes the last table's cells with no table properties, and the .doc (read by Word or
          // LibreOffice) shows the appendix as one run of text: the .doc round trip lost the table.
          p(''),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
