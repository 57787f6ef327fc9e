import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
} from 'docx';
import type { ReportBlock, ResultReport } from './result-report.js';

/**
 * Lays a ResultReport out as a DOCX in the form of Nghị định 30/2020/NĐ-CP: A4, Times New Roman, margins 20/15/20/30 mm;
 * a borderless two-column heading (issuing body and number on the left, national name and motto on the right, the
 * place and date line italic below it); the title centred; the body at 14 pt; recipients left and signature right;
 * the appendix table on landscape pages. Pages are numbered from the second, centred in the top margin (NĐ 30/2020,
 * Phụ lục I: the first page carries no number).
 */
const FONT = 'Times New Roman';
const mm = (n: number) => Math.round(convertMillimetersToTwip(n)); // twips: Word reads these everywhere
const A4 = { width: 11906, height: 16838 }; // 210 × 297 mm, as Word writes it
const pt = (n: number) => n * 2; // docx sizes are half-points
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };

type Run = { text: string; bold?: boolean; italics?: boolean; size?: number };
const para = (runs: Run[], o: Omit<IParagraphOptions, 'children'> = {}) =>
  new Paragraph({
    ...o,
    children: runs.map((r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italics, size: pt(r.size ?? 14), font: FONT })),
  });
const centred = (text: string, style: Omit<Run, 'text'> = {}, o: Omit<IParagraphOptions, 'children'> = {}) =>
  para([{ text, ...style }], { alignment: AlignmentType.CENTER, ...o });
/** A short rule under a heading line: a bottom border on an empty, indented paragraph. */
const rule = (indentTwips: number) =>
  new Paragraph({ border: { bottom: LINE }, indent: { left: indentTwips, right: indentTwips }, spacing: { after: 120 }, children: [] });
const cell = (children: Paragraph[], widthTwips: number) =>
  new TableCell({ children, width: { size: widthTwips, type: WidthType.DXA }, borders: NO_BORDERS, verticalAlign: VerticalAlignTable.TOP });
const twoColumns = (left: Paragraph[], right: Paragraph[], widths: [number, number]) =>
  new Table({
    rows: [new TableRow({ children: [cell(left, widths[0]), cell(right, widths[1])] })],
    columnWidths: widths,
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    borders: NO_BORDERS,
  });

/** Body text at 14 pt, justified, first line indented 1 cm; headings bold and kept with what follows. */
const bodyBlock = (b: ReportBlock) => {
  const heading = b.kind === 'heading' || b.kind === 'subheading';
  return para([{ text: b.text, bold: heading }], {
    spacing: { before: b.kind === 'heading' ? 120 : 0, after: 120, line: 300 },
    indent: { firstLine: 567 },
    alignment: AlignmentType.JUSTIFIED,
    keepNext: heading,
  });
};

// Landscape A4 less margins: about 14 570 twips across.
const STEP_TABLE_WIDTHS = [600, 1500, 4300, 2700, 1500, 1300, 1800, 870];

function appendixTable(header: string[], rows: (string | number)[][], widths = STEP_TABLE_WIDTHS, centredColumns = [0, 5, 7]): Table {
  const border: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const row = (cells: (string | number)[], bold = false) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (c, i) =>
          new TableCell({
            width: { size: widths[i], type: WidthType.DXA },
            borders,
            margins: { left: 60, right: 60 },
            children: [
              para([{ text: String(c), bold, size: 12 }], {
                alignment: bold || centredColumns.includes(i) ? AlignmentType.CENTER : AlignmentType.LEFT,
              }),
            ],
          }),
      ),
    });
  return new Table({
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    rows: [row(header, true), ...rows.map((r) => row(r))],
  });
}

/** The page number, centred in the header, 13 pt. */
const pageNumberHeader = () =>
  new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(13) })],
      }),
    ],
  });

export async function renderResultReportDocx(r: ResultReport): Promise<Buffer> {
  const heading = twoColumns(
    [...r.issuer.map((line) => centred(line, { bold: true, size: 13 })), rule(1000), centred(r.numberLine, { size: 13 })],
    [
      centred(r.nationalName, { bold: true, size: 13 }),
      centred(r.motto, { bold: true, size: 14 }),
      rule(1300),
      centred(r.placeDate, { italics: true, size: 14 }),
    ],
    [3600, 5756],
  );
  const title = [
    centred(r.kind, { bold: true, size: 14 }, { spacing: { before: 360 } }),
    centred(r.title, { bold: true, size: 14 }),
    centred(r.period, { italics: true, size: 14 }),
    rule(3500),
  ];
  const closing = twoColumns(
    [
      para([{ text: r.recipients.title, bold: true, italics: true, size: 12 }]),
      ...r.recipients.lines.map((l) => para([{ text: l, size: 11 }])),
    ],
    [
      ...r.signature.lines.map((l) => centred(l, { bold: true, size: 14 })),
      ...Array.from({ length: 4 }, () => para([{ text: '' }])),
      centred(r.signature.name, { bold: true, size: 14 }),
    ],
    [4400, 4956],
  );
  const doc = new Document({
    creator: 'dondoc',
    title: `${r.kind} ${r.title}`,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: A4, margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) } } },
        headers: { default: pageNumberHeader(), first: new Header({ children: [] }) },
        children: [heading, ...title, ...r.body.map(bodyBlock), para([{ text: '' }]), closing],
      },
      {
        properties: {
          page: {
            size: { ...A4, orientation: PageOrientation.LANDSCAPE },
            margin: { top: mm(20), bottom: mm(20), left: mm(20), right: mm(15) },
          },
        },
        headers: { default: pageNumberHeader() },
        children: [
          centred(r.appendix.title, { bold: true, size: 14 }),
          centred(r.appendix.subtitle, { bold: true, size: 14 }),
          centred(r.appendix.note, { italics: true, size: 13 }, { spacing: { after: 240 } }),
          appendixTable(r.appendix.header, r.appendix.rows, r.appendix.widths, r.appendix.centred),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
