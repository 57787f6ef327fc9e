import { Button, Card, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { Schemas } from '../api/client';
import { fieldName, typedValue, UNITS, parseTyped, type IndicatorValue } from '../lib/assessment';
import { viDate } from '../lib/format';

export type Assessment = Schemas['Assessment'];
type FeedingStep = Schemas['FeedingStep'];

const stepList = (steps: FeedingStep[]) => steps.map((s) => `${s.title} (hạn ${viDate(s.dueDate)})`).join('; ');

/**
 * The self-assessment table: per criterion its points, per indicator the value (a field while it may be changed),
 * the computed points, the evidence from the plan and what is missing. `errors` are the API's messages by indicator
 * id, shown under each field; `onSave` gets the typed values as the API takes them (a text it cannot read is sent as
 * typed, for the API to name).
 */
export function AssessmentValues({
  assessment: a,
  editable,
  errors = {},
  saving = false,
  onSave,
}: {
  assessment: Assessment;
  editable: boolean;
  errors?: Record<string, string>;
  saving?: boolean;
  onSave?: (values: Record<string, IndicatorValue | string>) => void;
}) {
  const [form] = Form.useForm<Record<string, string>>();
  const evidence = useMemo(() => new Map(a.evidence.map((e) => [e.indicatorId, e])), [a.evidence]);
  const unverified = useMemo(() => new Set(a.unverified), [a.unverified]);
  const initial = useMemo(() => {
    const o: Record<string, string> = {};
    for (const c of a.score.criteria) for (const i of c.indicators) o[fieldName(i.id)] = typedValue(a.values[i.id]);
    return o;
  }, [a]);

  const submit = (typed: Record<string, string>) => {
    const out: Record<string, IndicatorValue | string> = {};
    for (const c of a.score.criteria)
      for (const i of c.indicators) {
        const raw = typed[fieldName(i.id)];
        if (raw !== undefined && raw !== initial[fieldName(i.id)]) out[i.id] = parseTyped(raw);
      }
    onSave?.(out);
  };

  const body = a.score.criteria.map((c) => (
    <Card
      key={c.no}
      size="small"
      data-criterion={c.no}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          Tiêu chí {c.no}: {c.title}
        </span>
      }
      extra={
        <span data-criterion-points>
          {c.points}/{c.maxPoints} điểm
          {c.zero ? (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              0 điểm
            </Tag>
          ) : null}
        </span>
      }
      style={{ marginBottom: 12 }}
    >
      {c.indicators.map((i) => {
        const unit = a.units[i.id] ?? '';
        const e = evidence.get(i.id);
        const raw = typedValue(a.values[i.id]);
        const label = `Chỉ tiêu ${i.id}: ${i.title}`;
        return (
          <Flex key={i.id} wrap gap={12} data-indicator={i.id} style={{ padding: '8px 0', borderTop: '1px solid rgba(5, 5, 5, 0.06)' }}>
            <div style={{ flex: '1 1 280px', minWidth: 0 }}>
              <Typography.Text strong>{i.id}</Typography.Text> {i.title}{' '}
              {unverified.has(i.id) ? (
                <Tag title="Thang điểm của chỉ tiêu này là bản mã hóa tạm, chưa đối chiếu được với toàn văn Quyết định 06/QĐ-TTg.">
                  cần đối chiếu
                </Tag>
              ) : null}
              {e?.missing ? (
                <Tag color="red" data-missing>
                  còn thiếu
                </Tag>
              ) : null}
              <div style={{ fontSize: 13 }}>
                {e?.completed.length ? <div>Đã có từ kế hoạch: {stepList(e.completed)}</div> : null}
                {e?.open.length ? <Typography.Text type="secondary">Sẽ có khi hoàn thành: {stepList(e.open)}</Typography.Text> : null}
                {e?.attached.length ? (
                  <div>
                    Tài liệu kèm theo:{' '}
                    {e.attached.map((x, k) => (
                      <span key={k}>
                        {k ? ', ' : ''}
                        {x.kind === 'link' && 'url' in x ? (
                          <a href={x.url} rel="noopener noreferrer" target="_blank">
                            {x.label ?? x.url}
                          </a>
                        ) : 'name' in x ? (
                          x.name
                        ) : null}
                      </span>
                    ))}
                  </div>
                ) : null}
                {!e?.completed.length && !e?.attached.length ? (
                  <Typography.Text type="secondary">chưa có minh chứng</Typography.Text>
                ) : null}
              </div>
            </div>
            <div style={{ flex: '0 1 220px' }}>
              {editable ? (
                <Form.Item
                  name={fieldName(i.id)}
                  style={{ marginBottom: 0 }}
                  validateStatus={errors[i.id] ? 'error' : undefined}
                  help={errors[i.id] ? <span data-error-for={i.id}>{errors[i.id]}</span> : undefined}
                >
                  {unit === 'yes_no' ? (
                    <Select
                      aria-label={label}
                      allowClear
                      placeholder="Có / Không"
                      options={[
                        { value: 'co', label: 'Có' },
                        { value: 'khong', label: 'Không' },
                      ]}
                    />
                  ) : (
                    <Input aria-label={label} inputMode="decimal" suffix={UNITS[unit] || undefined} placeholder="chưa có" />
                  )}
                </Form.Item>
              ) : (
                <span data-value={i.id}>
                  {raw === 'co' ? 'Có' : raw === 'khong' ? 'Không' : raw ? `${raw} ${UNITS[unit] ?? ''}`.trim() : '(chưa có)'}
                </span>
              )}
            </div>
            <div style={{ flex: '0 0 90px', textAlign: 'right' }} data-points={i.id}>
              {i.points}/{i.maxPoints} điểm
            </div>
          </Flex>
        );
      })}
    </Card>
  ));

  if (!editable) return <div data-assessment-table>{body}</div>;
  return (
    <Form form={form} initialValues={initial} onFinish={submit} data-assessment-table layout="vertical">
      {body}
      <Space>
        <Button type="primary" htmlType="submit" loading={saving} data-save>
          Lưu số liệu
        </Button>
      </Space>
    </Form>
  );
}
