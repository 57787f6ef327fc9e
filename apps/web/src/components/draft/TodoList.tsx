import { CheckOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { pathLabel, vietnameseOnly } from '../../lib/draftModel';

export interface Todo {
  path: string;
  text: string;
}

/**
 * Every TODO of the draft at the top of the editor: what is asked, where (in words), a link that opens its section,
 * scrolls to its field and puts the cursor there. For next year's draft, titled as what must be rewritten.
 *
 * A TODO filled while the editor is open stays where it was, marked filled, until the page is opened again: the list
 * does not move under the pointer of someone going down it (the next link would otherwise slide to where the filled
 * one was as it is clicked). A TODO that appears later goes at the end. The title counts what is still to fill.
 */
export function TodoList({
  todos,
  model,
  onGo,
  nextYear = false,
}: {
  todos: Todo[];
  model: unknown;
  onGo: (path: string) => void;
  nextYear?: boolean;
}) {
  const [shown, setShown] = useState<Todo[]>(todos);
  const known = new Set(shown.map((t) => t.path));
  const added = todos.filter((t) => !known.has(t.path));
  // New TODOs are kept for the next renders too (state adjusted while rendering, as React allows for derived lists).
  if (added.length) setShown([...shown, ...added]);
  if (!todos.length)
    return <Alert type="success" showIcon data-todos="0" title="Không còn mục nào cần điền." style={{ marginBottom: 16 }} />;
  const open = new Map(todos.map((t) => [t.path, t]));
  return (
    <Alert
      type="warning"
      showIcon
      data-todos={todos.length}
      style={{ marginBottom: 16 }}
      title={nextYear ? `Còn ${todos.length} mục phải viết lại cho năm mới` : `Còn ${todos.length} mục văn bản chưa nói, cần điền`}
      description={
        <ul tabIndex={0} aria-label="Các mục cần điền" style={{ maxHeight: 280, overflowY: 'auto', margin: 0, paddingLeft: 18 }}>
          {[...shown, ...added].map((t) => {
            const todo = open.get(t.path);
            return (
              <li key={t.path} data-todo-path={t.path} data-todo-done={todo ? undefined : ''} style={{ padding: '2px 0' }}>
                <Button
                  type="link"
                  style={{
                    padding: 0,
                    height: 'auto',
                    whiteSpace: 'normal',
                    textAlign: 'left',
                    textDecoration: todo ? undefined : 'line-through',
                  }}
                  onClick={() => onGo(t.path)}
                >
                  {pathLabel(model, t.path)}
                </Button>
                {todo ? (
                  vietnameseOnly(todo.text) ? (
                    <span>: {todo.text}</span>
                  ) : null
                ) : (
                  <span>
                    {' '}
                    <CheckOutlined aria-hidden /> đã điền
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
