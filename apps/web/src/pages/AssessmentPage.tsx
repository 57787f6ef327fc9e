import { Alert, App, Breadcrumb, Button, Card, Col, Popconfirm, Row, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, call } from '../api/client';
import { AssessmentValues } from '../components/AssessmentValues';
import { CLASS_LABELS, indicatorErrors, type IndicatorValue } from '../lib/assessment';
import { viDate } from '../lib/format';
import { useApi } from '../lib/useApi';
import { useSession } from '../shell/session';
import { ErrorPage } from './ErrorPage';

/**
 * One self-assessment: the computed total and verdict, why it fails, the comparison with the previous one, the table
 * of criteria and indicators (values typed while drafting; per-indicator messages of the API), submitting it for
 * approval and the dossier (ho-so.docx).
 */
export function AssessmentPage() {
  const { planId = '', assessmentId = '' } = useParams();
  const { me, refresh } = useSession();
  const { message } = App.useApp();
  const {
    data: a,
    error,
    loading,
    reload,
  } = useApi(`assessment/${planId}/${assessmentId}`, () =>
    call(api.GET('/api/v1/plans/{planId}/assessments/{assessmentId}', { params: { path: { planId, assessmentId } } })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);

  if (error)
    return error.status === 401 || error.status === 403 || error.status === 404 ? (
      <ErrorPage status={error.status} message={error.message} />
    ) : (
      <Alert type="error" showIcon title={error.message} />
    );
  if (!a) return <Card loading={loading} />;

  const mayDraft = (me?.roles ?? []).some((r) => r.planId === planId && !r.monitor && !r.unitId);
  const open = !!a.step && !['submitted', 'completed', 'cancelled'].includes(a.step.state);
  const editable = mayDraft && open;
  const refused = (e: unknown) => {
    const err = e instanceof ApiError ? e : new ApiError(0, { code: 'CLIENT', message: String(e) });
    setErrors(indicatorErrors(err.body.errors));
    setNotice({
      ok: false,
      text: err.body.code === 'VALIDATION_FAILED' ? 'Một số chỉ tiêu chưa hợp lệ, xem thông báo bên cạnh từng chỉ tiêu.' : err.body.message,
    });
  };

  const save = async (values: Record<string, IndicatorValue | string>) => {
    setBusy('save');
    try {
      await call(
        api.POST('/api/v1/plans/{planId}/assessments/{assessmentId}/values', {
          params: { path: { planId, assessmentId } },
          // A text the API cannot read is sent as typed: the API names the indicator in its answer.
          body: { values: values as Record<string, number | boolean | null> },
        }),
      );
      setErrors({});
      setNotice({ ok: true, text: 'Đã lưu số liệu; điểm đã được tính lại.' });
      void message.success('Đã lưu số liệu.');
      reload();
    } catch (e) {
      refused(e);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    setBusy('submit');
    try {
      await call(
        api.POST('/api/v1/plans/{planId}/assessments/{assessmentId}/submission', { params: { path: { planId, assessmentId } }, body: {} }),
      );
      setErrors({});
      setNotice({ ok: true, text: 'Đã trình phê duyệt kèm hồ sơ.' });
      reload();
      void refresh();
    } catch (e) {
      refused(e);
    } finally {
      setBusy(null);
    }
  };

  const s = a.score;
  const dossier = `/api/v1/plans/${encodeURIComponent(planId)}/assessments/${encodeURIComponent(assessmentId)}/ho-so.docx`;
  const provisional = (s as { provisional?: boolean }).provisional;
  const missing = a.evidence.filter((e) => e.missing).length;
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to="/danh-gia">Xã phù hợp với trẻ em</Link> }, { title: `Năm ${a.year}` }]}
        style={{ marginBottom: 8 }}
      />
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Tự đánh giá xã phù hợp với trẻ em năm {a.year}
      </Typography.Title>
      <Typography.Paragraph>
        {a.unitName} · Loại xã: {CLASS_LABELS[a.communeClass] ?? a.communeClass}; mức đạt {s.passMark} điểm
        {a.step ? (
          <>
            {' '}
            · Hạn {viDate(a.step.dueDate)}, {a.step.stateLabel}
          </>
        ) : null}
      </Typography.Paragraph>
      {a.unverified.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Lưu ý: thang điểm của ${a.unverified.length} chỉ tiêu là bản mã hóa tạm, cần đối chiếu với toàn văn Quyết định 06/QĐ-TTg trước khi dùng làm hồ sơ chính thức.`}
        />
      ) : null}
      {notice ? (
        <Alert
          type={notice.ok ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          title={notice.text}
          data-notice={notice.ok ? 'ok' : 'error'}
        />
      ) : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="Tổng điểm" value={`${s.total}/${s.maxTotal}`} data-total />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="Kết quả"
              value={`${provisional ? 'Tạm tính: ' : ''}${s.passed ? 'Đạt' : 'Chưa đạt'}`}
              styles={{ content: { color: s.passed && !provisional ? '#237804' : '#c41d1f' } }}
              data-verdict
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="Tiêu chí 0 điểm" value={s.zeroCriteria.length ? s.zeroCriteria.join(', ') : '0'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="Chỉ tiêu còn thiếu" value={missing} />
          </Card>
        </Col>
      </Row>
      {s.reasons.length || a.previous ? (
        <ul data-reasons>
          {s.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
          {a.previous ? (
            <li>
              So với năm {a.previous.year}: {a.previous.comparison.total.delta > 0 ? '+' : ''}
              {a.previous.comparison.total.delta} điểm
            </li>
          ) : null}
        </ul>
      ) : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Button href={dossier} data-dossier>
          Tải hồ sơ (tờ trình và bảng tự đánh giá, DOCX)
        </Button>
        {editable ? (
          <Popconfirm
            title="Trình Phó Chủ tịch phê duyệt?"
            description="Điểm được chốt và hồ sơ được gửi kèm; sau khi trình không sửa được số liệu."
            okText="Trình"
            cancelText="Hủy"
            onConfirm={() => submit()}
          >
            <Button type="primary" loading={busy === 'submit'} data-submit>
              Trình Phó Chủ tịch phê duyệt
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
      {a.step?.state === 'submitted' ? (
        <Typography.Paragraph type="secondary" data-locked>
          Hồ sơ đang chờ phê duyệt: không sửa được số liệu.
        </Typography.Paragraph>
      ) : null}
      <AssessmentValues
        key={`${a.version}`}
        assessment={a}
        editable={editable}
        errors={errors}
        saving={busy === 'save'}
        onSave={(v) => void save(v)}
      />
    </>
  );
}
