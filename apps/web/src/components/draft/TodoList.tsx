import { Alert, Button } from 'antd';
import { pathLabel, vietnameseOnly } from '../../lib/draftModel';

export interface Todo {
  path: string;
  text: string;
}

/**
 * Every TODO of the draft at the top of the editor: what is asked, where (in words), a link that opens its section,
 * scrolls to its field and puts the cursor there. For next year's draft, titled as what must be rewritten.
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
  if (!todos.length)
    return <Alert type="success" showIcon data-todos="0" title="Không còn mục nào cần điền." style={{ marginBottom: 16 }} />;
  return (
    <Alert
      type="warning"
      showIcon
      data-todos={todos.length}
      style={{ marginBottom: 16 }}
      title={nextYear ? `Còn ${todos.length} mục phải viết lại cho năm mới` : `Còn ${todos.length} mục văn bản chưa nói, cần điền`}
      description={
        <ul tabIndex={0} aria-label="Các mục cần điền" style={{ maxHeight: 280, overflowY: 'auto', margin: 0, paddingLeft: 18 }}>
          {todos.map((t) => (
            <li key={t.path} data-todo-path={t.path} style={{ padding: '2px 0' }}>
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => onGo(t.path)}
              >
                {pathLabel(model, t.path)}
              </Button>
              {vietnameseOnly(t.text) ? <span>: {t.text}</span> : null}
            </li>
          ))}
        </ul>
      }
    />
  );
}
