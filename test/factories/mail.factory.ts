import { viDueParts } from '#libs/mail/src/templates.js';

/** The variables every step mail of the seed plan shares (a step of Hà Giang's plan, due Fri 07/04/2023). */
export const stepMailCommon = {
  communeName: 'UBND xã Hà Giang',
  planNumber: '12/KH-UBND',
  planTitle: 'Kế hoạch thực hiện Chương trình công tác bảo vệ, chăm sóc trẻ em năm 2023',
  stepId: 'I01.5',
  stepTitle: 'Dự toán kinh phí thực hiện kế hoạch',
  stepUrl: 'http://127.0.0.1:3000/plans/HG-2023-BVCSTE/steps/I01.5',
  ...viDueParts('2023-04-07'),
  assigneeName: 'Vũ Thị G (Công chức Tài chính - kế toán)',
};
