import { Alert, Button, DatePicker, Form, Radio, Result, Select } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { dateValue } from '../../lib/draftModel';

const SPEEDS = [
  { value: 1, label: 'Như thời gian thật' },
  { value: 3600, label: '1 giây bằng 1 giờ' },
  { value: 86400, label: '1 giây bằng 1 ngày' },
];

/**
 * Start the saved draft: a rehearsal (from a plan date, at a speed) or for real. Refused while it has unsaved changes
 * or errors, saying why; the server's refusal (who may start, an error left) is shown as it says it.
 */
export function StartPanel({ draftId, rehearsalStart, blocked }: { draftId: string; rehearsalStart: unknown; blocked: string | null }) {
  const [mode, setMode] = useState<'rehearsal' | 'real'>('rehearsal');
  const [planStart, setPlanStart] = useState<string | null>(typeof rehearsalStart === 'string' && dateValue(rehearsalStart) ? rehearsalStart : null);
  const [speed, setSpeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<Schemas['DraftStarted'] | null>(null);

  if (started)
    return (
      <Result
        status="success"
        data-started={started.planId}
        title={started.mode === 'rehearsal' ? `Đã bắt đầu diễn tập kế hoạch ${started.planId}` : `Đã triển khai kế hoạch ${started.planId}`}
        subTitle="Thư giao việc đầu tiên đã được gửi tới người thực hiện."
        extra={<Link to="/">Về Việc của tôi</Link>}
      />
    );

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = mode === 'real' ? { mode } : { mode, speed, ...(planStart ? { planStart } : {}) };
      setStarted(await call(api.POST('/api/v1/plan-drafts/{draftId}/start', { params: { path: { draftId } }, body })));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" data-start-panel>
      <Form.Item label="Cách bắt đầu">
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'rehearsal' | 'real')}>
          <Radio value="rehearsal">Diễn tập</Radio>
          <Radio value="real">Triển khai thật</Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'rehearsal' && (
        <>
          <Form.Item label="Ngày của kế hoạch khi bắt đầu diễn tập" htmlFor="start-plan-date">
            <DatePicker id="start-plan-date" format="DD/MM/YYYY" value={dateValue(planStart)} onChange={(v) => setPlanStart(v ? v.format('YYYY-MM-DD') : null)} />
          </Form.Item>
          <Form.Item label="Tốc độ" htmlFor="start-speed">
            <Select id="start-speed" style={{ maxWidth: 240 }} options={SPEEDS} value={speed} onChange={setSpeed} />
          </Form.Item>
        </>
      )}
      {blocked && <Alert type="warning" showIcon title={blocked} data-start-blocked style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={error} data-start-error style={{ marginBottom: 12 }} />}
      <Button type="primary" data-start disabled={!!blocked} loading={busy} onClick={() => void start()}>
        {mode === 'rehearsal' ? 'Bắt đầu diễn tập' : 'Triển khai thật'}
      </Button>
    </Form>
  );
}
