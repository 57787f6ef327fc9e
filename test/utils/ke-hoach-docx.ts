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
              row(cell('UBND HUYỆN ĐỒNG PHÚ', 'UBND XÃ TÂN PHÚ', 'Số: 27/KH-UBND'), cell('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Tân Phú, ngày 10 tháng 01 năm 2025')),
            ],
          }),
          p('KẾ HOẠCH', true),
          p('Chăm sóc sức khỏe và bảo vệ trẻ em năm 2025', true),
          p('Căn cứ Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ về Chương trình hành động quốc gia vì trẻ em giai đoạn 2021-2030;'),
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
              row(cell('1'), cell('Công chức văn hóa - xã hội phụ trách LĐTB&XH'), cell('Chủ trì, tham mưu triển khai kế hoạch; báo cáo kết quả trước ngày 10/12/2025.')),
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
