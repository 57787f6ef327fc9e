import { Button, Result } from 'antd';
import { useLocation } from 'react-router';

const TEXT: Record<number, { title: string; what: string }> = {
  401: { title: 'Cần đăng nhập', what: 'Phiên đăng nhập chưa có hoặc đã hết hạn. Xin đăng nhập lại bằng thư điện tử công vụ để tiếp tục.' },
  403: {
    title: 'Không có quyền xem trang này',
    what: 'Tài khoản của đồng chí không giữ vai trò được xem nội dung này. Nếu cần, xin đề nghị Văn phòng UBND xã phân quyền.',
  },
  404: {
    title: 'Không tìm thấy trang',
    what: 'Địa chỉ này không có trong hệ thống hoặc nội dung đã bị xóa. Xin quay lại "Việc của tôi" và chọn lại từ trình đơn.',
  },
};

/** 401, 403 or 404: what happened and what to do, in Vietnamese, with the one action that helps. */
export function ErrorPage({ status, message }: { status: 401 | 403 | 404; message?: string }) {
  const location = useLocation();
  const t = TEXT[status];
  const signIn = `/app/dang-nhap?next=${encodeURIComponent(`/app${location.pathname === '/' ? '/' : location.pathname}${location.search}`)}`;
  return (
    <Result
      status={status === 401 ? 403 : status}
      title={t.title}
      subTitle={
        <>
          <span>{message ?? t.what}</span>
        </>
      }
      extra={
        status === 401 ? (
          <Button type="primary" href={signIn}>
            Đăng nhập
          </Button>
        ) : (
          <Button type="primary" href="/app/">
            Về Việc của tôi
          </Button>
        )
      }
      data-error-status={status}
    />
  );
}

export const NotFoundPage = () => <ErrorPage status={404} />;
