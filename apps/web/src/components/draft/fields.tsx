import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import { createContext, useContext, useMemo } from 'react';
import { dateValue, fieldId, getAt, isTodo, textValue, todoText, type Diagnostic, type Json } from '../../lib/draftModel';

/** What every field of the editor reads: the model, how to change it, the diagnostics by path, whether it may change. */
export interface EditorContextValue {
  model: Json;
  change: (path: string, value: unknown) => void;
  diagnostics: Map<string, Diagnostic>;
  readOnly: boolean;
}

export const EditorContext = createContext<EditorContextValue>({
  model: {},
  change: () => undefined,
  diagnostics: new Map(),
  readOnly: true,
});

export type FieldKind = 'text' | 'textarea' | 'date' | 'int' | 'role' | 'roles';

/** The roles of the model as choices: "Chủ tịch UBND xã – Nguyễn Văn A", the key kept as the value. */
export function useRoleOptions() {
  const { model } = useContext(EditorContext);
  return useMemo(() => {
    const roles = (model.roles && typeof model.roles === 'object' ? model.roles : {}) as Record<string, Json>;
    return Object.entries(roles).map(([key, r]) => {
      const title = typeof r?.title === 'string' && !isTodo(r.title) ? r.title : key;
      const person = typeof r?.person === 'string' && !isTodo(r.person) ? ` – ${r.person}` : '';
      return { value: key, label: `${title}${person}` };
    });
  }, [model.roles]);
}

/**
 * One field of the model at its path: its label, its input, and what the checks say of it (the Vietnamese message
 * at the field; a TODO shows what is asked as the placeholder). The wrapper carries `data-path` and the input the id
 * the TODO list focuses.
 */
export function Field({
  path,
  label,
  kind = 'text',
  optional = false,
}: {
  path: string;
  label: string;
  kind?: FieldKind;
  optional?: boolean;
}) {
  const { model, change, diagnostics, readOnly } = useContext(EditorContext);
  const roles = useRoleOptions();
  const value = getAt(model, path);
  const todo = isTodo(value);
  const d = diagnostics.get(path);
  const id = fieldId(path);
  const placeholder = todo ? `Cần điền: ${todoText(value) || label}` : undefined;
  const set = (v: unknown) => change(path, v === '' || v === null ? (optional ? undefined : '') : v);
  let input: React.ReactNode;
  switch (kind) {
    case 'date':
      input = (
        <DatePicker
          id={id}
          format="DD/MM/YYYY"
          placeholder={placeholder ?? 'dd/mm/yyyy'}
          value={dateValue(value)}
          disabled={readOnly}
          onChange={(v) => set(v ? v.format('YYYY-MM-DD') : null)}
          style={{ width: '100%' }}
        />
      );
      break;
    case 'int':
      input = (
        <InputNumber
          id={id}
          value={typeof value === 'number' ? value : null}
          placeholder={placeholder}
          disabled={readOnly}
          onChange={(v) => set(v)}
          style={{ width: '100%' }}
        />
      );
      break;
    case 'role':
      input = (
        <Select
          id={id}
          showSearch={{ optionFilterProp: 'label' }}
          allowClear={optional}
          options={roles}
          value={typeof value === 'string' && !todo ? value : undefined}
          placeholder={placeholder ?? 'Chọn vai trò'}
          disabled={readOnly}
          onChange={(v: string | undefined) => set(v ?? null)}
        />
      );
      break;
    case 'roles':
      input = (
        <Select
          id={id}
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={roles}
          value={Array.isArray(value) ? (value as string[]) : []}
          placeholder={placeholder ?? 'Chọn các vai trò phối hợp'}
          disabled={readOnly}
          onChange={(v: string[]) => change(path, v.length ? v : undefined)}
        />
      );
      break;
    case 'textarea':
      input = (
        <Input.TextArea
          id={id}
          autoSize={{ minRows: 1, maxRows: 6 }}
          value={textValue(value)}
          placeholder={placeholder}
          disabled={readOnly}
          onChange={(e) => set(e.target.value)}
        />
      );
      break;
    default:
      input = (
        <Input id={id} value={textValue(value)} placeholder={placeholder} disabled={readOnly} onChange={(e) => set(e.target.value)} />
      );
  }
  return (
    <Form.Item
      label={label}
      htmlFor={id}
      data-path={path}
      data-todo={todo || undefined}
      validateStatus={d ? (d.severity === 'error' ? 'error' : 'warning') : todo ? 'warning' : undefined}
      help={todo && (!d || d.code === 'TODO') ? placeholder : d?.message}
      style={{ marginBottom: 12 }}
    >
      {input}
    </Form.Item>
  );
}

/** A field whose input is a number as text (a day of the month) or a rule: kept as the model has it. */
export function RecurrenceDue({ path }: { path: string }) {
  const { model, change, readOnly, diagnostics } = useContext(EditorContext);
  const value = getAt(model, path);
  const d = diagnostics.get(path);
  const id = fieldId(path);
  const options = [
    { value: 'last_working_day_of_month', label: 'Ngày làm việc cuối tháng' },
    { value: 'first_working_day_of_month', label: 'Ngày làm việc đầu tháng' },
    ...Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `Ngày ${i + 1} hằng tháng` })),
  ];
  return (
    <Form.Item
      label="Hạn mỗi tháng"
      htmlFor={id}
      data-path={path}
      validateStatus={d ? 'error' : undefined}
      help={d?.message}
      style={{ marginBottom: 12 }}
    >
      <Select
        id={id}
        options={options}
        value={isTodo(value) ? undefined : (value as string | number | undefined)}
        placeholder={isTodo(value) ? `Cần điền: ${todoText(value)}` : undefined}
        disabled={readOnly}
        onChange={(v) => change(path, v)}
      />
    </Form.Item>
  );
}
