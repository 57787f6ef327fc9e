import { MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, call } from '../api/client';

/**
 * Đăng nhập: the e-mail address; the server mails a one-time link (POST /api/sign-in, the same mail, limits and
 * answer as the server's /dang-nhap form). The link's page stays server-rendered and acts only on its button.
 */
export function SignInPage() {
  const [params] = useSearchParams();
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ email: string }>();
  const next = params.get('next') ?? '/app/';

  async function send({ email }: { email: string }) {
    setBusy(true);
    try {
      const r = await call(api.POST('/api/sign-in', { body: { email: email.trim(), next: next.startsWith('/app/') ? next : '/app/' } }));
      setSent(r.message);
    } catch (e) {
      if (e instanceof ApiError && e.body.errors?.email) form.setFields([{ name: 'email', errors: [e.body.errors.email] }]);
      else form.setFields([{ name: 'email', errors: [e instanceof ApiError ? e.message : 'Không gửi được; xin thử lại.'] }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main
      style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f4f8', padding: 16 }}
    >
      <Card style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          Đăng nhập hệ thống Đôn đốc
        </Typography.Title>
        <Typography.Paragraph>
          Nhập địa chỉ thư điện tử công vụ của đồng chí; hệ thống gửi đến địa chỉ đó một liên kết đăng nhập dùng một lần.
        </Typography.Paragraph>
        {sent ? (
          <Alert type="success" showIcon title={sent} role="status" data-sent />
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => void send(v)} requiredMark={false}>
            <Form.Item
              name="email"
              label="Địa chỉ thư điện tử"
              rules={[
                { required: true, whitespace: true, message: 'Cần nhập địa chỉ thư điện tử.' },
                { type: 'email', message: 'Địa chỉ thư điện tử chưa đúng, ví dụ: ten@xa.gov.vn.' },
              ]}
            >
              <Input prefix={<MailOutlined />} type="email" autoComplete="email" maxLength={320} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              Gửi liên kết đăng nhập
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}
