import { Alert, App, Button, Form, InputNumber, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, call, type Schemas } from '../api/client';
import { BucketTag } from '../components/BucketTag';
import { useApi } from '../lib/useApi';
import { useSession } from '../shell/session';

type Row = Schemas['AssessmentOverview'];

export const assessmentHref = (planId: string, assessmentId: string) =>
  `/danh-gia/${encodeURIComponent(planId)}/${encodeURIComponent(assessmentId)}`;

const columns: ColumnsType<Row> = [
  { title: 'Xã', key: 'unit', render: (_, r) => <Link to={assessmentHref(r.planId, r.assessmentId)}>{r.unitName}</Link> },
  { title: 'Năm', dataIndex: 'year', key: 'year' },
  { title: 'Tổng điểm', key: 'total', render: (_, r) => `${r.total}/${r.maxTotal}` },
  { title: 'Mức đạt', dataIndex: 'passMark', key: 'passMark' },
  { title: 'Kết quả', key: 'verdict', render: (_, r) => <Tag color={r.passed ? 'green' : 'red'}>{r.passed ? 'Đạt' : 'Chưa đạt'}</Tag> },
  { title: 'Tiêu chí 0 điểm', key: 'zero', render: (_, r) => r.zeroCriteria.join(', ') },
  { title: 'Chỉ tiêu còn thiếu', dataIndex: 'missingIndicators', key: 'missing' },
  { title: 'Tình trạng', key: 'state', render: (_, r) => (r.bucket ? <BucketTag bucket={r.bucket} /> : null) },
];

/** The next assessment year from a year: November of the 2nd and 4th year of the five-year plan (2022, 2024, 2027, 2029 …). */
export function nextAssessmentYear(from: number): number {
  for (let y = from; ; y++) if (y % 5 === 2 || y % 5 === 4) return y;
}

/**
 * Xã phù hợp với trẻ em: the assessments of every plan the person may read (the monitoring body sees its area), and
 * for the commune's staff the form that opens the self-assessment of a year.
 */
export function AssessmentsPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, error, loading } = useApi('assessments', () => call(api.GET('/api/v1/assessments')));
  const plans = [...new Map((me?.roles ?? []).filter((r) => !r.monitor && !r.unitId).map((r) => [r.planId, r])).values()];
  const [form] = Form.useForm<{ planId: string; year: number }>();
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);

  const open = async (v: { planId: string; year: number }) => {
    setOpening(true);
    setOpenError(null);
    try {
      const a = await call(
        api.POST('/api/v1/plans/{planId}/assessments', { params: { path: { planId: v.planId } }, body: { year: v.year } }),
      );
      void message.success(
        a.created ? `Đã mở hồ sơ tự đánh giá năm ${a.year}.` : `Hồ sơ tự đánh giá năm ${a.year} đã có; mở lại hồ sơ đó.`,
      );
      await navigate(assessmentHref(a.planId, a.assessmentId));
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      const fields = err?.body.errors ?? {};
      form.setFields([{ name: 'year', errors: fields.year ? [fields.year] : [] }]);
      setOpenError(err ? err.body.message : String(e));
    } finally {
      setOpening(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Xã phù hợp với trẻ em
      </Typography.Title>
      <Typography.Paragraph>
        Tự đánh giá theo 13 tiêu chí của Quyết định số 06/QĐ-TTg; điểm, tổng điểm và kết quả do hệ thống tính từ số liệu.
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} /> : null}
      <Table<Row>
        rowKey={(r) => `${r.planId}/${r.assessmentId}`}
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-assessment': r.assessmentId, 'data-plan': r.planId }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Typography.Text type="secondary">Chưa có hồ sơ tự đánh giá nào.</Typography.Text> }}
      />
      {plans.length ? (
        <section aria-labelledby="open-assessment" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="open-assessment" style={{ fontSize: 18 }}>
            Mở hồ sơ tự đánh giá
          </Typography.Title>
          {openError ? <Alert type="error" showIcon title={openError} style={{ marginBottom: 12 }} data-open-error /> : null}
          <Form
            form={form}
            layout="vertical"
            style={{ maxWidth: 480 }}
            initialValues={{ planId: plans[0].planId, year: nextAssessmentYear(new Date().getFullYear()) }}
            onFinish={(v) => void open(v)}
            data-open-form
          >
            <Form.Item name="planId" label="Kế hoạch" rules={[{ required: true, message: 'Chọn kế hoạch.' }]}>
              <Select
                style={{ width: '100%' }}
                options={plans.map((p) => ({ value: p.planId, label: `${p.planNumber} – ${p.planTitle}` }))}
              />
            </Form.Item>
            <Form.Item name="year" label="Năm đánh giá" rules={[{ required: true, message: 'Nhập năm đánh giá.' }]}>
              <InputNumber min={2019} max={2100} precision={0} controls={false} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={opening}>
                Mở hồ sơ
              </Button>
            </Form.Item>
          </Form>
        </section>
      ) : null}
    </>
  );
}
