import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Form } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { Providers } from '../../App';
import { byPath, getAt, isTodo, pathLabel, setAt, todoText, type Diagnostic, type Json } from '../../lib/draftModel';
import { refusalOf } from '../../pages/ImportPage';
import { EditorContext, Field } from './fields';
import { TodoList } from './TodoList';

const model: Json = {
  plan: { title: 'Kế hoạch thực hiện công tác trẻ em năm 2026', rehearsal_start: 'TODO: ngày bắt đầu diễn tập', year: 2026 },
  roles: {
    chairman: { title: 'Chủ tịch UBND xã', person: 'Nguyễn Văn A', email: 'TODO: thư điện tử của Chủ tịch' },
    officer_vhxh: { title: 'Công chức Văn hóa - Xã hội', person: 'TODO', email: 'vhxh@x.vn' },
  },
  items: [
    {
      id: 'I01',
      title: 'Ban hành kế hoạch',
      steps: [{ id: 'I01.1', title: 'Dự thảo kế hoạch', assignee: 'officer_vhxh', due: '2026-02-10' }],
    },
  ],
};

afterEach(cleanup);

describe('the draft model by field path', () => {
  it('reads and sets a value by path without changing the model it was given', () => {
    expect(getAt(model, 'items.0.steps.0.due')).toBe('2026-02-10');
    const next = setAt(model, 'roles.chairman.email', 'chutich@x.vn');
    expect(getAt(next, 'roles.chairman.email')).toBe('chutich@x.vn');
    expect(getAt(model, 'roles.chairman.email')).toBe('TODO: thư điện tử của Chủ tịch');
    expect(next.items).toBe(model.items); // only the path is copied
    expect(Array.isArray(getAt(setAt(model, 'items.0.steps.0.helpers', ['chairman']), 'items.0.steps'))).toBe(true);
    expect('start' in (getAt(setAt(model, 'items.0.steps.0.start', undefined), 'items.0.steps.0') as Json)).toBe(false);
  });

  it('knows a TODO and what it asks; names a path in words, not codes', () => {
    expect(isTodo('TODO')).toBe(true);
    expect(isTodo('TODO: x')).toBe(true);
    expect(isTodo('Tổ dân phố')).toBe(false);
    expect(todoText('TODO: thư điện tử của Chủ tịch')).toBe('thư điện tử của Chủ tịch');
    expect(pathLabel(model, 'roles.chairman.email')).toBe('Vai trò Chủ tịch UBND xã – thư điện tử');
    expect(pathLabel(model, 'plan.rehearsal_start')).toBe('Kế hoạch – ngày bắt đầu diễn tập');
    expect(pathLabel(model, 'items.0.steps.0.due')).toBe('Bước I01.1 «Dự thảo kế hoạch» – hạn');
  });

  it('shows the error of a path before its warning', () => {
    const ds: Diagnostic[] = [
      { path: 'a', severity: 'warning', message: 'cảnh báo' },
      { path: 'a', severity: 'error', message: 'lỗi' },
      { path: 'b', severity: 'warning', message: 'chỉ cảnh báo' },
    ];
    const m = byPath(ds);
    expect(m.get('a')?.message).toBe('lỗi');
    expect(m.get('b')?.message).toBe('chỉ cảnh báo');
  });

  it('refuses a file of another kind or over its limit before sending it, in Vietnamese', () => {
    expect(refusalOf({ name: 'ke-hoach.docx', size: 1000 })).toBeNull();
    expect(refusalOf({ name: 'ke-hoach.yaml', size: 1000 })).toBeNull();
    expect(refusalOf({ name: 'scan.pdf', size: 1000 })).toContain('không phải văn bản kế hoạch');
    expect(refusalOf({ name: 'to.docx', size: 11 * 1024 * 1024 })).toContain('lớn hơn 10 MB');
    expect(refusalOf({ name: 'to.yaml', size: 3 * 1024 * 1024 })).toContain('lớn hơn 2 MB');
  });
});

function renderFields(diagnostics: Diagnostic[], changes: [string, unknown][]) {
  return render(
    <Providers>
      <EditorContext.Provider value={{ model, change: (p, v) => changes.push([p, v]), diagnostics: byPath(diagnostics), readOnly: false }}>
        <Form layout="vertical" component="div">
          <Field path="roles.chairman.email" label="Thư điện tử" />
          <Field path="items.0.steps.0.due" label="Hạn" kind="date" />
          <Field path="roles.officer_vhxh.email" label="Thư điện tử cán bộ" />
        </Form>
      </EditorContext.Provider>
    </Providers>,
  );
}

describe('the fields of the editor', () => {
  it('a TODO shows what is asked; a date reads dd/mm/yyyy; the check of a field is told at it; typing changes the model at the path', () => {
    const changes: [string, unknown][] = [];
    renderFields([{ path: 'roles.officer_vhxh.email', severity: 'error', message: 'Địa chỉ thư điện tử không hợp lệ' }], changes);
    const email = screen.getByLabelText('Thư điện tử') as HTMLInputElement;
    expect(email.value).toBe('');
    expect(email.placeholder).toBe('Cần điền: thư điện tử của Chủ tịch');
    expect(email.id).toBe('f-roles_chairman_email');
    expect((screen.getByLabelText('Hạn') as HTMLInputElement).value).toBe('10/02/2026');
    expect(screen.getByText('Địa chỉ thư điện tử không hợp lệ').closest('[data-path]')?.getAttribute('data-path')).toBe(
      'roles.officer_vhxh.email',
    );
    fireEvent.change(email, { target: { value: 'chutich@x.vn' } });
    expect(changes).toEqual([['roles.chairman.email', 'chutich@x.vn']]);
  });

  it('the TODO list names each field in words and goes to it', () => {
    const went: string[] = [];
    render(
      <Providers>
        <TodoList
          model={model}
          onGo={(p) => went.push(p)}
          todos={[
            { path: 'roles.chairman.email', text: 'thư điện tử của Chủ tịch' },
            { path: 'plan.rehearsal_start', text: '' },
          ]}
        />
      </Providers>,
    );
    expect(screen.getByText('Còn 2 mục văn bản chưa nói, cần điền')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Vai trò Chủ tịch UBND xã – thư điện tử' }));
    expect(went).toEqual(['roles.chairman.email']);
    cleanup();
    render(
      <Providers>
        <TodoList model={model} onGo={() => undefined} todos={[]} />
      </Providers>,
    );
    expect(screen.getByText('Không còn mục nào cần điền.')).toBeTruthy();
  });

  it('a TODO filled stays in its place, marked filled, so the list does not move under the pointer; a new one goes last', () => {
    const chairman = { path: 'roles.chairman.email', text: 'thư điện tử của Chủ tịch' };
    const rehearsal = { path: 'plan.rehearsal_start', text: '' };
    const vice = { path: 'roles.vice_chair_vhxh.person', text: '' };
    const list = (todos: { path: string; text: string }[]) => (
      <Providers>
        <TodoList model={model} onGo={() => undefined} todos={todos} />
      </Providers>
    );
    const { container, rerender } = render(list([chairman, rehearsal]));
    const rows = () =>
      [...container.querySelectorAll('[data-todo-path]')].map((li) => [
        li.getAttribute('data-todo-path'),
        li.hasAttribute('data-todo-done'),
      ]);
    rerender(list([rehearsal]));
    expect(rows()).toEqual([
      ['roles.chairman.email', true],
      ['plan.rehearsal_start', false],
    ]);
    expect(screen.getByText('Còn 1 mục văn bản chưa nói, cần điền')).toBeTruthy();
    expect(container.querySelector('[data-todo-done]')?.textContent).toContain('đã điền');
    rerender(list([chairman, vice]));
    expect(rows()).toEqual([
      ['roles.chairman.email', false],
      ['plan.rehearsal_start', true],
      ['roles.vice_chair_vhxh.person', false],
    ]);
  });
});
