import type { ErrorCode } from '#libs/domain/src/index.js';

/**
 * The Vietnamese `message` of each refusal the API answers; the English text of the code that refused goes beside it
 * as `detail` (for logs and developers), the fields at fault in `errors`. Every code has one (a code left out is a
 * compile error); the refusals of the HTTP layer get the text of their HTTP status below.
 */
export const ERROR_MESSAGES_VI: Record<ErrorCode, string> = {
  PLAN_NOT_FOUND: 'Không tìm thấy kế hoạch này.',
  PLAN_INVALID: 'Tệp kế hoạch không hợp lệ.',
  STEP_NOT_FOUND: 'Không tìm thấy nội dung này trong kế hoạch.',
  ACTOR_REQUIRED: 'Cần đăng nhập (tại /dang-nhap) để thực hiện việc này.',
  ACTOR_HEADER_DISABLED:
    'Tiêu đề X-Dondoc-Actor chỉ dùng khi phát triển (APP_ACTOR_HEADER=on) và chỉ từ chính máy chủ; xin đăng nhập tại /dang-nhap.',
  ACTOR_NOT_ASSIGNEE: 'Đồng chí không phải người thực hiện nội dung này. Không có gì thay đổi.',
  ACTOR_NOT_APPROVER: 'Đồng chí không phải người phê duyệt nội dung này. Không có gì thay đổi.',
  STEP_NOT_OPEN: 'Nội dung này đã kết thúc, không nhận thêm thay đổi.',
  STEP_NOT_SUBMITTED: 'Nội dung này không còn chờ phê duyệt. Không có gì thay đổi.',
  STEP_BUSY: 'Nội dung này đang được xử lý một thao tác khác; xin thử lại sau giây lát.',
  STEP_NOT_STARTED: 'Nội dung này đang được khởi tạo; xin thử lại sau giây lát. Không có gì thay đổi.',
  FILE_NOT_FOUND: 'Không tìm thấy tệp minh chứng này.',
  TOKEN_NOT_FOUND: 'Không tìm thấy mã truy cập API này.',
  UPLOAD_TOO_LARGE: 'Tệp gửi lên lớn hơn giới hạn; máy chủ không đọc nó. Không có gì thay đổi.',
  CASE_NOT_SUPPORTED: 'Kế hoạch này không có quy trình tiếp nhận vụ việc.',
  CASE_NOT_FOUND: 'Không tìm thấy vụ việc này.',
  ACTOR_UNKNOWN: 'Đồng chí không giữ vai trò phù hợp nào trong kế hoạch này.',
  PLAN_NOT_RUNNING: 'Kế hoạch chưa được triển khai.',
  EVIDENCE_NOTE_REQUIRED: 'Cần nhập nội dung báo cáo kết quả.',
  REJECT_REASON_REQUIRED: 'Cần nhập lý do trả lại. Không có gì thay đổi.',
  REASON_REQUIRED: 'Cần nhập lý do. Không có gì thay đổi.',
  ACTOR_NOT_MANAGER: 'Chỉ người phê duyệt hoặc Chủ tịch được thực hiện việc này.',
  ROLE_UNKNOWN: 'Vai trò này không có trong kế hoạch.',
  EXTENSION_INVALID: 'Ngày đề nghị gia hạn không hợp lệ.',
  EXTENSION_NOT_REQUESTED: 'Nội dung này không có đề nghị gia hạn đang chờ quyết định.',
  VALIDATION_FAILED: 'Yêu cầu có trường không hợp lệ (xem từng trường trong errors). Không có gì thay đổi.',
  ACCESS_DENIED: 'Đồng chí không được thực hiện việc này.',
  TOKEN_INVALID: 'Mã truy cập API không hợp lệ.',
  ASSESSMENT_NOT_SUPPORTED: 'Kế hoạch này không có nội dung đánh giá xã phù hợp với trẻ em (child_friendly_assessment).',
  ASSESSMENT_NOT_FOUND: 'Không tìm thấy hồ sơ tự đánh giá này.',
  ASSESSMENT_LOCKED: 'Hồ sơ tự đánh giá đang chờ phê duyệt hoặc đã hoàn thành: không sửa được số liệu. Không có gì thay đổi.',
  SELF_APPROVAL:
    'Không ai được phê duyệt kết quả do chính mình báo cáo hoặc nội dung do chính mình được giao thực hiện; nội dung cũng không được giao cho người phê duyệt nó. Không có gì thay đổi.',
  EVIDENCE_SUPERSEDED:
    'Liên kết này dành cho lần nộp trước; kết quả đã được nộp lại. Xin mở liên kết trong thư mới nhất. Không có gì thay đổi.',
  UPDATE_TIMED_OUT:
    'Hệ thống xử lý quy trình chưa trả lời kịp. Thao tác có thể vẫn đang được ghi nhận: xin đợi ít giây, tải lại nội dung để xem, rồi mới thử lại nếu cần.',
};

/** By HTTP status: a code without its own text, and the refusals of the HTTP layer (route, body, upload). */
export const STATUS_MESSAGES_VI: Record<number, string> = {
  400: 'Yêu cầu không đúng định dạng. Không có gì thay đổi.',
  401: 'Cần đăng nhập (tại /dang-nhap) để thực hiện việc này.',
  403: 'Đồng chí không được thực hiện việc này.',
  404: 'Không tìm thấy nội dung được yêu cầu.',
  405: 'Phương thức này không dùng được cho đường dẫn này.',
  409: 'Yêu cầu không phù hợp với trạng thái hiện tại. Không có gì thay đổi.',
  413: 'Nội dung gửi lên quá lớn. Không có gì thay đổi.',
  415: 'Kiểu nội dung gửi lên không được hỗ trợ. Không có gì thay đổi.',
  422: 'Yêu cầu không hợp lệ. Không có gì thay đổi.',
};

export const messageForStatus = (status: number): string =>
  STATUS_MESSAGES_VI[status] ?? (status < 500 ? STATUS_MESSAGES_VI[400] : 'Lỗi không mong đợi; xin thử lại sau.');

/** The title of the page a refused page request gets. */
export const ERROR_PAGE_TITLE_VI = 'Không thực hiện được yêu cầu';
