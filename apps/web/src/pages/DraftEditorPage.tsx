import { Alert, Button, Card, Col, Collapse, Form, Row, Space, Spin, Tag, Typography, App as AntApp } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../api/client';
import { EditorContext, Field, RecurrenceDue } from '../components/draft/fields';
import { PreviewTable } from '../components/draft/PreviewTable';
import { DueAnchorFields, ReminderEscalationFields } from '../components/draft/StepPolicyFields';
import { StartPanel } from '../components/draft/StartPanel';
import { TodoList, type Todo } from '../components/draft/TodoList';
import { byPath, fieldId, getAt, isTodo, sectionOf, setAt, type Diagnostic, type Json } from '../lib/draftModel';
import { BUCKET_HEX } from '../lib/format';
import { useApi } from '../lib/useApi';
import { ErrorPage } from './ErrorPage';

type Draft = Schemas['PlanDraft'];
interface Check {
  valid: boolean;
  todos: Todo[];
  diagnostics: Diagnostic[];
}

/** The fields the editor shows in its sections; a TODO or an error anywhere else gets a field under "Các mục khác". */
const SHOWN = [
  /^plan\.(title|number|year|issued_on|rehearsal_start)$/,
  /^roles\.[^.]+\.(title|person|email)$/,
  /^org_units\.\d+\.name$/,
  /^items\.\d+\.title$/,
  /^items\.\d+\.steps\.\d+\.(title|assignee|helpers|approval|start|due|due_by|due_lunar|evidence)$/,
  /^items\.\d+\.steps\.\d+\.recurrence\.(from|to|due)$/,
  /^items\.\d+\.steps\.\d+\.due_anchor(\.(day|event|step|offset_wd|rule))?$/,
  /^items\.\d+\.steps\.\d+\.(reminders_wd(\.\d+)?|escalation)$/,
];
const shown = (path: string) => SHOWN.some((r) => r.test(path));

/** /app/nhap-ke-hoach/:draftId — the plan editor. */
export function DraftEditorPage() {
  const { draftId = '' } = useParams();
  const { data, error, reload } = useApi(`draft:${draftId}`, () =>
    call(api.GET('/api/v1/plan-drafts/{draftId}', { params: { path: { draftId } } })),
  );
  if (error)
    return error.status === 404 || error.status === 403 || error.status === 401 ? (
      <ErrorPage status={error.status} message={error.message} />
    ) : (
      <Alert type="error" showIcon title={error.message} />
    );
  if (!data) return <Spin />;
  return <DraftEditor key={`${data.id}:${data.version}:${data.updatedAt}`} draft={data} onReload={reload} />;
}

/** The editor of one draft as read at its version: the model edited in place, checked as the officer types. */
export function DraftEditor({ draft, onReload }: { draft: Draft; onReload: () => void }) {
  const { message } = AntApp.useApp();
  const [model, setModel] = useState<Json>(draft.model as Json);
  const [version, setVersion] = useState(draft.version);
  const [check, setCheck] = useState<Check>({ valid: draft.valid, todos: draft.todos, diagnostics: draft.diagnostics });
  const [saved, setSaved] = useState({
    valid: draft.valid,
    errors: (draft.diagnostics as Diagnostic[]).filter((d) => d.severity === 'error').length,
  });
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ message: string; canReload: boolean } | null>(null);
  const [openItems, setOpenItems] = useState<string[]>([]);
  const [focus, setFocus] = useState<{ path: string; n: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);
  const readOnly = !!draft.startedPlanId;

  const validate = async (next: Json) => {
    const n = ++seq.current;
    try {
      const r = await call(
        api.POST('/api/v1/plan-drafts/{draftId}/validation', { params: { path: { draftId: draft.id } }, body: { model: next } }),
      );
      if (n === seq.current) setCheck({ valid: r.valid, todos: r.todos, diagnostics: r.diagnostics });
    } catch (e) {
      if (n !== seq.current || !(e instanceof ApiError)) return;
      // A model of the wrong shape: each field's message at its field.
      const errors = Object.entries(e.body.errors ?? { '': e.message }).map(([k, v]) => ({
        path: k.replace(/^model\.?/, ''),
        severity: 'error' as const,
        message: String(v),
      }));
      setCheck((c) => ({ ...c, valid: false, diagnostics: errors }));
    }
  };

  const change = (path: string, value: unknown) => {
    const next = setAt(model, path, value);
    setModel(next);
    setDirty(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void validate(next), 500);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const diagnostics = useMemo(() => byPath(check.diagnostics), [check.diagnostics]);
  const ctx = useMemo(() => ({ model, change, diagnostics, readOnly }), [model, diagnostics, readOnly]); // eslint-disable-line react-hooks/exhaustive-deps

  // Scrolls to the field a TODO names and puts the cursor there, once its section is open.
  useEffect(() => {
    if (!focus) return;
    let tries = 0;
    const t = setInterval(() => {
      const el = document.getElementById(fieldId(focus.path));
      if (el || ++tries > 40) {
        clearInterval(t);
        el?.scrollIntoView({ block: 'center' });
        el?.focus();
      }
    }, 50);
    return () => clearInterval(t);
  }, [focus]);
  const go = (path: string) => {
    const { panel } = sectionOf(path);
    if (panel?.startsWith('item:') && !openItems.includes(panel)) setOpenItems([...openItems, panel]);
    setFocus({ path, n: (focus?.n ?? 0) + 1 });
  };

  const save = async () => {
    setSaving(true);
    setConflict(null);
    try {
      const r = await call(api.PUT('/api/v1/plan-drafts/{draftId}', { params: { path: { draftId: draft.id } }, body: { version, model } }));
      seq.current++;
      clearTimeout(timer.current);
      setVersion(r.version);
      setCheck({ valid: r.valid, todos: r.todos, diagnostics: r.diagnostics });
      setSaved({ valid: r.valid, errors: (r.diagnostics as Diagnostic[]).filter((d) => d.severity === 'error').length });
      setDirty(false);
      void message.success(`Đã lưu bản nháp (phiên bản ${r.version}).`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, { code: 'CLIENT', message: String(e) });
      setConflict({ message: err.message, canReload: err.status === 409 });
    } finally {
      setSaving(false);
    }
  };

  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  const others = [...new Set([...check.todos.map((t) => t.path), ...errors.map((d) => d.path)])].filter((p) => p && !shown(p));
  const items = (Array.isArray(model.items) ? model.items : []) as Json[];
  const roles = Object.keys(model.roles && typeof model.roles === 'object' ? model.roles : {});
  const units = (Array.isArray(model.org_units) ? model.org_units : []) as Json[];
  const villages = units.map((u, i) => ({ u, i })).filter(({ u }) => u?.kind === 'village' || isTodo(u?.name));
  const nextYear = draft.source.kind === 'next_year';
  const blocked = dirty
    ? 'Có thay đổi chưa lưu: hãy bấm «Lưu» trước khi bắt đầu.'
    : !saved.valid
      ? `Bản nháp còn ${saved.errors} lỗi (xem các mục được đánh dấu ở trên): chưa bắt đầu được.`
      : null;
  const col = { xs: 24, md: 12, lg: 8 };

  return (
    <EditorContext.Provider value={ctx}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-draft={draft.id}>
        <div>
          <Link to="/nhap-ke-hoach">‹ Nhập kế hoạch</Link>
          <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0' }}>
            {typeof getAt(model, 'plan.title') === 'string' && !isTodo(getAt(model, 'plan.title'))
              ? String(getAt(model, 'plan.title'))
              : draft.title}
          </Typography.Title>
          <Space wrap>
            <Tag data-version={version}>Phiên bản {version}</Tag>
            {check.valid ? <Tag>Hợp lệ</Tag> : <Tag color="red">Còn {errors.length} lỗi</Tag>}
            {dirty && (
              // Ant Design's gold tag text is below a contrast of 4.5:1: the text in the dark gold of BucketTag.
              <Tag color="gold" data-dirty style={{ color: BUCKET_HEX.completed_late }}>
                Chưa lưu
              </Tag>
            )}
            {readOnly && <Tag>Đã bắt đầu: kế hoạch {draft.startedPlanId}</Tag>}
          </Space>
        </div>
        {readOnly && (
          <Alert type="info" showIcon title={`Bản nháp này đã được bắt đầu thành kế hoạch ${draft.startedPlanId}; không sửa được nữa.`} />
        )}
        {nextYear && draft.rewrite.length > 0 && (
          <Alert
            type="info"
            showIcon
            data-rewrite
            title="Những gì đã được chuyển sang năm mới"
            description={
              <ul
                tabIndex={0}
                aria-label="Những gì đã chuyển sang năm mới"
                style={{ margin: 0, paddingLeft: 16, maxHeight: 200, overflowY: 'auto' }}
              >
                {draft.rewrite.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            }
          />
        )}
        <TodoList todos={check.todos} model={model} onGo={go} nextYear={nextYear} />
        {conflict && (
          <Alert
            type="error"
            showIcon
            data-conflict
            title={conflict.message}
            action={conflict.canReload ? <Button onClick={onReload}>Tải lại bản mới nhất</Button> : undefined}
          />
        )}
        <Space wrap>
          <Button type="primary" data-save loading={saving} disabled={readOnly || !dirty} onClick={() => void save()}>
            Lưu
          </Button>
          <Button href={`/api/v1/plan-drafts/${draft.id}/plan.yaml`} data-download>
            Tải tệp kế hoạch (.yaml)
          </Button>
        </Space>

        <Form layout="vertical" component="div">
          <Card title="Thông tin kế hoạch" size="small">
            <Row gutter={16}>
              <Col xs={24} lg={16}>
                <Field path="plan.title" label="Tên kế hoạch" kind="textarea" />
              </Col>
              <Col {...col}>
                <Field path="plan.number" label="Số hiệu" />
              </Col>
              <Col {...col}>
                <Field path="plan.year" label="Năm" kind="int" />
              </Col>
              <Col {...col}>
                <Field path="plan.issued_on" label="Ngày ban hành" kind="date" optional />
              </Col>
              <Col {...col}>
                <Field path="plan.rehearsal_start" label="Ngày bắt đầu (diễn tập)" kind="date" />
              </Col>
            </Row>
          </Card>

          <Card title={`Vai trò và người giữ (${roles.length})`} size="small" style={{ marginTop: 16 }}>
            {roles.map((k) => (
              <Row gutter={16} key={k} data-role={k} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 8 }}>
                <Col {...col}>
                  <Field path={`roles.${k}.title`} label="Chức danh" />
                </Col>
                <Col {...col}>
                  <Field path={`roles.${k}.person`} label="Họ và tên người giữ" />
                </Col>
                <Col {...col}>
                  <Field path={`roles.${k}.email`} label="Thư điện tử" />
                </Col>
              </Row>
            ))}
          </Card>

          <Card title={`Thôn (${villages.length})`} size="small" style={{ marginTop: 16 }}>
            <Row gutter={16}>
              {villages.map(({ i }) => (
                <Col {...col} key={i}>
                  <Field path={`org_units.${i}.name`} label={`Tên thôn ${i + 1}`} />
                </Col>
              ))}
            </Row>
          </Card>

          <Card title={`Nội dung và các bước (${items.length})`} size="small" style={{ marginTop: 16 }}>
            <Collapse
              activeKey={openItems}
              onChange={(k) => setOpenItems(Array.isArray(k) ? k : [k])}
              items={items.map((item, i) => ({
                key: `item:${i}`,
                label: `${String(item?.id ?? i + 1)}. ${typeof item?.title === 'string' ? item.title : ''}`,
                extra:
                  check.todos.some((t) => t.path.startsWith(`items.${i}.`)) || errors.some((d) => d.path.startsWith(`items.${i}.`)) ? (
                    <Tag color="red">cần sửa</Tag>
                  ) : null,
                children: <ItemFields item={item} i={i} />,
              }))}
            />
          </Card>

          {others.length > 0 && (
            <Card title="Các mục khác cần điền" size="small" style={{ marginTop: 16 }}>
              {others.map((p) => (
                <Field key={p} path={p} label={p} />
              ))}
            </Card>
          )}
        </Form>

        <Card title="Lịch nhắc việc và báo cáo cấp trên" size="small">
          {dirty || !saved.valid ? (
            <Alert type="info" showIcon title="Lịch được lập từ bản nháp đã lưu và không còn lỗi: hãy sửa hết lỗi rồi bấm «Lưu»." />
          ) : (
            <PreviewTable draftId={draft.id} version={version} />
          )}
        </Card>

        {!readOnly && (
          <Card title="Bắt đầu kế hoạch" size="small">
            <StartPanel draftId={draft.id} rehearsalStart={getAt(model, 'plan.rehearsal_start')} blocked={blocked} />
          </Card>
        )}
      </Space>
    </EditorContext.Provider>
  );
}

/** An item's title and each of its steps: who, with whom, when (dates, a monthly recurrence or a lunar date), approval, evidence. */
function ItemFields({ item, i }: { item: Json; i: number }) {
  const steps = (Array.isArray(item?.steps) ? item.steps : []) as Json[];
  const col = { xs: 24, md: 12, lg: 8 };
  return (
    <>
      <Field path={`items.${i}.title`} label="Tên nội dung" kind="textarea" />
      {steps.map((s, j) => {
        const p = `items.${i}.steps.${j}`;
        const rec = !!s?.recurrence && typeof s.recurrence === 'object';
        return (
          <Card key={j} size="small" type="inner" title={`Bước ${String(s?.id ?? j + 1)}`} style={{ marginBottom: 12 }} data-step-path={p}>
            <Field path={`${p}.title`} label="Tên bước" kind="textarea" />
            <Row gutter={16}>
              <Col {...col}>
                <Field path={`${p}.assignee`} label="Người thực hiện" kind="role" />
              </Col>
              <Col {...col}>
                <Field path={`${p}.helpers`} label="Phối hợp" kind="roles" />
              </Col>
              <Col {...col}>
                <Field path={`${p}.approval`} label="Người phê duyệt" kind="role" optional />
              </Col>
              <Col {...col}>
                <Field path={`${p}.start`} label="Ngày bắt đầu" kind="date" optional />
              </Col>
              {rec && (
                <>
                  <Col {...col}>
                    <Field path={`${p}.recurrence.from`} label="Lặp hằng tháng từ tháng (YYYY-MM)" />
                  </Col>
                  <Col {...col}>
                    <Field path={`${p}.recurrence.to`} label="Đến tháng (YYYY-MM)" />
                  </Col>
                  <Col {...col}>
                    <RecurrenceDue path={`${p}.recurrence.due`} />
                  </Col>
                </>
              )}
              {s?.due_lunar !== undefined && (
                <Col {...col}>
                  <Field path={`${p}.due_lunar`} label="Hạn theo âm lịch (tháng-ngày, MM-DD)" />
                </Col>
              )}
              {s?.due_by !== undefined && (
                <Col {...col}>
                  <Field path={`${p}.due_by`} label="Hạn chậm nhất" kind="date" />
                </Col>
              )}
              {(s?.due !== undefined || (!rec && s?.due_lunar === undefined && s?.due_by === undefined)) && (
                <Col {...col}>
                  <Field
                    path={`${p}.due`}
                    label="Hạn"
                    kind="date"
                    optional={!!rec || s?.due_lunar !== undefined || s?.due_by !== undefined}
                  />
                </Col>
              )}
              <Col xs={24} lg={16}>
                <Field path={`${p}.evidence`} label="Minh chứng cần nộp" optional />
              </Col>
            </Row>
            <DueAnchorFields stepPath={p} />
            <ReminderEscalationFields stepPath={p} />
          </Card>
        );
      })}
    </>
  );
}
