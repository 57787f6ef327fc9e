import { Alert, Button, DatePicker, Form, InputNumber, Radio, Result } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { dateValue } from '../../lib/draftModel';

/** The usual speeds of a rehearsal (plan seconds per real second), and any other the person types. */
const SPEEDS: { value: number | 'other'; label: string }[] = [
  { value: 1, label: 'Như thời gian thật' },
  { value: 3600, label: '1 giây bằng 1 giờ' },
  { value: 86400, label: '1 giây bằng 1 ngày' },
  { value: 'other', label: 'Tốc độ khác…' },
];

/**
 * Start the saved draft: a rehearsal (from a plan date, at a speed) or for real. Refused while it has unsaved changes
 * or errors, saying why; the server's refusal (who may start, an error left) is shown as it says it.
 */
export function StartPanel({ draftId, rehearsalStart, blocked }: { draftId: string; rehearsalStart: unknown; blocked: string | null }) {
  const [mode, setMode] = useState<'rehearsal' | 'real'>('rehearsal');
  const [planStart, setPlanStart] = useState<string | null>(
    typeof rehearsalStart === 'string' && dateValue(rehearsalStart) ? rehearsalStart : null,
  );
  const [speed, setSpeed] = useState<number | 'other'>(1);
  const [otherSpeed, setOtherSpeed] = useState<number | null>(null);
  const [speedError, setSpeedError] = useState<string | null>(null);
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
    setError(null);
    setSpeedError(null);
    const chosen = speed === 'other' ? otherSpeed : speed;
    if (mode === 'rehearsal' && chosen === null) {
      setSpeedError('Nhập tốc độ: số giây của kế hoạch cho mỗi giây thực.');
      return;
    }
    setBusy(true);
    try {
      const body = mode === 'real' ? { mode } : { mode, speed: chosen ?? 1, ...(planStart ? { planStart } : {}) };
      setStarted(await call(api.POST('/api/v1/plan-drafts/{draftId}/start', { params: { path: { draftId } }, body })));
    } catch (e) {
      // The server's words, under the field it names (speed, planStart) when it names one.
      const fields = e instanceof ApiError ? (e.body.errors ?? {}) : {};
      if (fields.speed && Object.keys(fields).length === 1) setSpeedError(fields.speed);
      else setError(e instanceof ApiError ? e.message : String(e));
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
            <DatePicker
              id="start-plan-date"
              format="DD/MM/YYYY"
              value={dateValue(planStart)}
              onChange={(v) => setPlanStart(v ? v.format('YYYY-MM-DD') : null)}
            />
          </Form.Item>
          <Form.Item
            label="Tốc độ"
            validateStatus={speedError && speed !== 'other' ? 'error' : undefined}
            help={speed !== 'other' ? speedError : undefined}
          >
            <Radio.Group
              aria-label="Tốc độ"
              options={SPEEDS}
              value={speed}
              onChange={(e) => setSpeed(e.target.value as number | 'other')}
              data-speed
            />
          </Form.Item>
          {speed === 'other' && (
            <Form.Item
              label="Số giây của kế hoạch cho mỗi giây thực (1 = như thật, 86400 = một ngày mỗi giây)"
              htmlFor="start-speed-other"
              validateStatus={speedError ? 'error' : undefined}
              help={speedError}
              data-speed-other
            >
              <InputNumber
                id="start-speed-other"
                style={{ maxWidth: 240, width: '100%' }}
                value={otherSpeed}
                onChange={(v) => setOtherSpeed(typeof v === 'number' ? v : null)}
              />
            </Form.Item>
          )}
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
