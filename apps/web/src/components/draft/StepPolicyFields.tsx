import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useContext, useState } from 'react';
import { fieldId, getAt, isTodo, type Diagnostic, type Json } from '../../lib/draftModel';
import { EditorContext } from './fields';

/**
 * What a step is tied to for next year (`due_anchor`), its reminders (`reminders_wd`) and its escalation chain
 * (`escalation`), as form fields. Each field checks what `plan validate` checks of it as the officer types (the
 * bounds and shapes of the plan format, told in Vietnamese at the field), and shows the server's diagnostic at its
 * path (POST …/validation) as the other fields do.
 */

/** The national events a due date can follow (plan-schema.ts ANCHOR_EVENTS), by name. */
export const ANCHOR_EVENTS: { value: string; label: string }[] = [
  { value: 'children_day', label: 'Ngày Quốc tế Thiếu nhi (1/6)' },
  { value: 'action_month_start', label: 'Bắt đầu Tháng hành động vì trẻ em (1/6)' },
  { value: 'action_month_end', label: 'Kết thúc Tháng hành động vì trẻ em (30/6)' },
  { value: 'family_day', label: 'Ngày Gia đình Việt Nam (28/6)' },
  { value: 'drowning_day', label: 'Ngày thế giới phòng, chống đuối nước (25/7)' },
  { value: 'school_year_start', label: 'Khai giảng năm học (5/9)' },
  { value: 'mid_autumn', label: 'Tết Trung thu (15/8 âm lịch)' },
  { value: 'tet_break_start', label: 'Ngày đầu kỳ nghỉ Tết Nguyên đán' },
];

type AnchorKind = 'none' | 'day' | 'event' | 'step';
const KIND_OPTIONS: { value: AnchorKind; label: string }[] = [
  { value: 'none', label: 'Không gắn: năm sau giữ ngày và tháng' },
  { value: 'day', label: 'Một ngày cố định trong năm' },
  { value: 'event', label: 'Một sự kiện toàn quốc' },
  { value: 'step', label: 'Hạn của một bước khác' },
];
const RULE_OPTIONS = [
  { value: 'as_is', label: 'Đúng ngày đó; trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp' },
  { value: 'last_working_day', label: 'Ngày làm việc cuối cùng trước hoặc đúng ngày đó' },
];

const LIMIT_OFFSET = 120;
const LIMIT_REMINDER = 60;

const kindOf = (a: unknown): AnchorKind => {
  if (!a || typeof a !== 'object') return 'none';
  const o = a as Json;
  // A kind chosen whose value is not given yet keeps its key (with no value): the field stays, and asks for it.
  return 'day' in o ? 'day' : 'event' in o ? 'event' : 'step' in o ? 'step' : 'none';
};

/** "30/11" → "11-30"; undefined when it is no day of a year (29/02 counts: a leap year has it). */
export function dayToMonthDay(text: string): string | undefined {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(text);
  if (!m) return undefined;
  const [d, mo] = [Number(m[1]), Number(m[2])];
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return undefined;
  return `${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
/** "11-30" → "30/11". */
export const monthDayToDay = (v: unknown): string =>
  typeof v === 'string' && /^\d{2}-\d{2}$/.test(v) ? `${Number(v.slice(3))}/${Number(v.slice(0, 2))}` : '';

/**
 * The checks of `plan validate` on a step's due anchor, reminders and escalation, by field path (Vietnamese): the
 * same bounds as the plan format (plan-schema.ts) and the references it resolves (a step of the plan, not itself; a
 * chain of the policies).
 */
export function stepPolicyProblems(model: unknown, stepPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  const step = getAt(model, stepPath) as Json | undefined;
  if (!step || typeof step !== 'object') return out;
  const a = step.due_anchor;
  if (a !== undefined && !isTodo(a)) {
    const at = `${stepPath}.due_anchor`;
    if (!a || typeof a !== 'object' || Array.isArray(a)) out[at] = 'Cần chọn hạn gắn với gì';
    else {
      const o = a as Json;
      const given = ['day', 'event', 'step'].filter((k) => k in o);
      if (given.length !== 1) out[at] = 'Chọn đúng một trong ba: ngày cố định, sự kiện hoặc bước khác';
      if ('day' in o) {
        if (o.day === undefined) out[`${at}.day`] = 'Cần điền ngày (ngày/tháng, ví dụ 30/11)';
        else if (typeof o.day !== 'string' || !dayToMonthDay(monthDayToDay(o.day)))
          out[`${at}.day`] = 'Ngày không hợp lệ: viết ngày/tháng, ví dụ 30/11';
      }
      if ('event' in o && !ANCHOR_EVENTS.some((e) => e.value === o.event)) out[`${at}.event`] = 'Cần chọn một sự kiện trong danh sách';
      if ('step' in o) {
        const ids = stepIds(model);
        if (typeof o.step !== 'string' || !o.step) out[`${at}.step`] = 'Cần chọn bước';
        else if (o.step === step.id) out[`${at}.step`] = 'Hạn của một bước không thể gắn với chính bước đó';
        else if (!ids.some((x) => x.value === o.step)) out[`${at}.step`] = `Không có bước ${String(o.step)} trong kế hoạch`;
      }
      const off = o.offset_wd;
      if (off !== undefined && (typeof off !== 'number' || !Number.isInteger(off) || Math.abs(off) > LIMIT_OFFSET)) {
        out[`${at}.offset_wd`] = `Số ngày làm việc là số nguyên từ -${LIMIT_OFFSET} đến ${LIMIT_OFFSET}`;
      }
    }
  }
  const r = step.reminders_wd;
  if (r !== undefined && !isTodo(r)) {
    if (!Array.isArray(r)) out[`${stepPath}.reminders_wd`] = 'Cần một danh sách số ngày';
    else if (r.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x > 0 || x < -LIMIT_REMINDER)) {
      out[`${stepPath}.reminders_wd`] = `Mỗi lần nhắc là một số ngày làm việc trước hạn, từ 0 đến ${LIMIT_REMINDER}`;
    }
  }
  const e = step.escalation;
  if (e !== undefined && !isTodo(e) && !chainNames(model).some((c) => c.value === e))
    out[`${stepPath}.escalation`] = `Không có chuỗi báo cáo cấp trên «${String(e)}» trong quy định của kế hoạch`;
  return out;
}

/** Every step of the model as a choice: "I08.2 – Tổ chức Diễn đàn trẻ em". */
export function stepIds(model: unknown): { value: string; label: string }[] {
  const items = getAt(model, 'items');
  if (!Array.isArray(items)) return [];
  return items.flatMap((it: Json) =>
    (Array.isArray(it?.steps) ? (it.steps as Json[]) : [])
      .filter((s) => typeof s?.id === 'string')
      .map((s) => {
        const title = typeof s.title === 'string' && !isTodo(s.title) ? ` – ${String(s.title).slice(0, 70)}` : '';
        return { value: s.id as string, label: `${s.id as string}${title}` };
      }),
  );
}

/** The escalation chains of the policies (the lists of rungs), each in words: "commune_officer: sau 1 ngày → Phó Chủ tịch UBND xã; …". */
export function chainNames(model: unknown): { value: string; label: string }[] {
  const esc = getAt(model, 'policies.escalation');
  if (!esc || typeof esc !== 'object') return [];
  const roleTitle = (k: unknown) => {
    if (k === 'monitoring_body') return 'cơ quan theo dõi';
    const t = getAt(model, `roles.${String(k)}.title`);
    return typeof t === 'string' && !isTodo(t) ? t : String(k);
  };
  return Object.entries(esc as Json)
    .filter(([, v]) => Array.isArray(v))
    .map(([name, rungs]) => ({
      value: name,
      label: `${name}: ${(rungs as Json[]).map((r) => `sau ${String(r?.after_wd)} ngày làm việc → ${roleTitle(r?.to)}${r?.mode === 'digest' ? ' (bản tổng hợp)' : ''}`).join('; ')}`,
    }));
}

/** A field's wrapper: its label, the local check (as typed) or the server's diagnostic, and `data-path`. */
function Item({
  path,
  label,
  problem,
  diagnostics,
  children,
}: {
  path: string;
  label: string;
  problem?: string;
  diagnostics: Map<string, Diagnostic>;
  children: React.ReactNode;
}) {
  // A list's field also tells what the checks say of one of its elements (reminders_wd.1).
  const d =
    diagnostics.get(path) ?? [...diagnostics.values()].find((x) => /^\.\d+$/.test(x.path.slice(path.length)) && x.path.startsWith(path));
  const message = problem ?? d?.message;
  return (
    <Form.Item
      label={label}
      htmlFor={fieldId(path)}
      data-path={path}
      validateStatus={problem || d?.severity === 'error' ? 'error' : d ? 'warning' : undefined}
      help={message}
      style={{ marginBottom: 12 }}
    >
      {children}
    </Form.Item>
  );
}

/** "Hạn năm sau gắn với": none, a fixed day (with its rule), a national event (with its rule) or another step; working days after or before. */
export function DueAnchorFields({ stepPath }: { stepPath: string }) {
  const { model, change, diagnostics, readOnly } = useContext(EditorContext);
  const at = `${stepPath}.due_anchor`;
  const anchor = getAt(model, at);
  const o = (anchor && typeof anchor === 'object' ? anchor : {}) as Json;
  const kind = kindOf(anchor);
  const problems = stepPolicyProblems(model, stepPath);
  const [dayText, setDayText] = useState(monthDayToDay(o.day));
  const [dayProblem, setDayProblem] = useState<string | undefined>();
  const steps = stepIds(model).filter((s) => s.value !== getAt(model, `${stepPath}.id`));
  const col = { xs: 24, md: 12, lg: 8 };
  const setKind = (k: AnchorKind) => {
    const keep = { ...(o.offset_wd !== undefined ? { offset_wd: o.offset_wd } : {}) };
    setDayProblem(undefined);
    if (k === 'none') change(at, undefined);
    else if (k === 'day') {
      setDayText('');
      change(at, { day: undefined, ...keep });
    } else if (k === 'event') change(at, { event: undefined, ...keep });
    else change(at, { step: undefined, ...keep });
  };
  // A kind chosen but its value not yet: the object holds the key with no value, which the plan file cannot say.
  const keyed = (k: string, v: unknown) => change(at, { ...o, [k]: v });
  return (
    <Row gutter={16} data-anchor-kind={kind}>
      <Col {...col}>
        <Item path={at} label="Năm sau, hạn gắn với" problem={kind !== 'none' ? problems[at] : undefined} diagnostics={diagnostics}>
          <Select id={fieldId(at)} options={KIND_OPTIONS} value={kind} disabled={readOnly} onChange={(k: AnchorKind) => setKind(k)} />
        </Item>
      </Col>
      {kind === 'day' && (
        <Col {...col}>
          <Item
            path={`${at}.day`}
            label="Ngày trong năm (ngày/tháng)"
            problem={dayProblem ?? problems[`${at}.day`]}
            diagnostics={diagnostics}
          >
            <Input
              id={fieldId(`${at}.day`)}
              value={dayText}
              placeholder="ví dụ 30/11"
              disabled={readOnly}
              onChange={(e) => {
                setDayText(e.target.value);
                const md = dayToMonthDay(e.target.value);
                setDayProblem(md || !e.target.value.trim() ? undefined : 'Ngày không hợp lệ: viết ngày/tháng, ví dụ 30/11');
                keyed('day', md);
              }}
            />
          </Item>
        </Col>
      )}
      {kind === 'event' && (
        <Col {...col}>
          <Item path={`${at}.event`} label="Sự kiện" problem={problems[`${at}.event`]} diagnostics={diagnostics}>
            <Select
              id={fieldId(`${at}.event`)}
              options={ANCHOR_EVENTS}
              value={typeof o.event === 'string' ? o.event : undefined}
              placeholder="Chọn sự kiện"
              disabled={readOnly}
              onChange={(v: string) => keyed('event', v)}
            />
          </Item>
        </Col>
      )}
      {kind === 'step' && (
        <Col {...col}>
          <Item path={`${at}.step`} label="Bước" problem={problems[`${at}.step`]} diagnostics={diagnostics}>
            <Select
              id={fieldId(`${at}.step`)}
              showSearch={{ optionFilterProp: 'label' }}
              options={steps}
              value={typeof o.step === 'string' ? o.step : undefined}
              placeholder="Chọn bước"
              disabled={readOnly}
              onChange={(v: string) => keyed('step', v)}
            />
          </Item>
        </Col>
      )}
      {kind !== 'none' && (
        <Col {...col}>
          <Item
            path={`${at}.offset_wd`}
            label="Số ngày làm việc sau (âm: trước)"
            problem={problems[`${at}.offset_wd`]}
            diagnostics={diagnostics}
          >
            <InputNumber
              id={fieldId(`${at}.offset_wd`)}
              value={typeof o.offset_wd === 'number' ? o.offset_wd : null}
              placeholder="0"
              disabled={readOnly}
              style={{ width: '100%' }}
              onChange={(v) => keyed('offset_wd', v === null || v === 0 ? undefined : v)}
            />
          </Item>
        </Col>
      )}
      {(kind === 'day' || kind === 'event') && (
        <Col {...col}>
          <Item path={`${at}.rule`} label="Nếu trùng ngày nghỉ" diagnostics={diagnostics}>
            <Select
              id={fieldId(`${at}.rule`)}
              options={RULE_OPTIONS}
              value={o.rule === 'last_working_day' ? 'last_working_day' : 'as_is'}
              disabled={readOnly}
              onChange={(v: string) => keyed('rule', v === 'as_is' ? undefined : v)}
            />
          </Item>
        </Col>
      )}
    </Row>
  );
}

/** "3, 1, 0" (working days before the due date) ↔ reminders_wd [-3, -1, 0]; undefined when a piece is no whole number. */
export function parseReminders(text: string): number[] | undefined {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (!parts.every((p) => /^-?\d+$/.test(p))) return undefined;
  return [...new Set(parts.map((p) => -Math.abs(Number(p))))].sort((a, b) => a - b);
}
const remindersText = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(Math.abs(Number(x)))).join(', ') : '');

/** The step's reminders (working days before its due date; empty: the plan's default) and its escalation chain. */
export function ReminderEscalationFields({ stepPath }: { stepPath: string }) {
  const { model, change, diagnostics, readOnly } = useContext(EditorContext);
  const rPath = `${stepPath}.reminders_wd`;
  const ePath = `${stepPath}.escalation`;
  const [text, setText] = useState(remindersText(getAt(model, rPath)));
  const [typed, setTyped] = useState<string | undefined>();
  const problems = stepPolicyProblems(model, stepPath);
  const byDefault = getAt(model, 'policies.reminders_default.before_wd');
  const chains = chainNames(model);
  const col = { xs: 24, md: 12 };
  return (
    <Row gutter={16}>
      <Col {...col}>
        <Item
          path={rPath}
          label="Nhắc việc trước hạn (số ngày làm việc, cách nhau dấu phẩy)"
          problem={typed ?? problems[rPath]}
          diagnostics={diagnostics}
        >
          <Input
            id={fieldId(rPath)}
            value={text}
            placeholder={`Theo mặc định của kế hoạch: ${remindersText(byDefault) || '3, 1, 0'}`}
            disabled={readOnly}
            onChange={(e) => {
              setText(e.target.value);
              if (!e.target.value.trim()) {
                setTyped(undefined);
                change(rPath, undefined);
                return;
              }
              const list = parseReminders(e.target.value);
              setTyped(list ? undefined : 'Viết các số ngày làm việc trước hạn, ví dụ 3, 1, 0');
              if (list) change(rPath, list);
            }}
          />
        </Item>
      </Col>
      <Col {...col}>
        <Item path={ePath} label="Báo cáo cấp trên khi quá hạn" problem={problems[ePath]} diagnostics={diagnostics}>
          <Select
            id={fieldId(ePath)}
            allowClear
            options={chains}
            value={typeof getAt(model, ePath) === 'string' ? (getAt(model, ePath) as string) : undefined}
            placeholder={`Theo mặc định: ${chains.find((c) => c.value === 'commune_officer')?.label ?? 'commune_officer'}`}
            disabled={readOnly}
            onChange={(v: string | undefined) => change(ePath, v ?? undefined)}
          />
        </Item>
      </Col>
    </Row>
  );
}
