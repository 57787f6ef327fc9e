import { describe, expect, it } from '@jest/globals';
import { BUCKET_COLOURS, gantt, stackedBars, weeklyColumns } from './charts.js';
import { emptyCounts } from './dashboard.js';

const labels = { completed_on_time: 'đúng hạn', completed_late: 'quá hạn', open_on_time: 'trong hạn', open_overdue: 'chưa, quá hạn' };
const widths = (svg: string, colour: string) => [...svg.matchAll(new RegExp(`width="([\\d.]+)" height="\\d+" fill="${colour}"`, 'g'))].map((m) => Number(m[1]));

describe('inline SVG charts', () => {
  it('splits each bar by bucket in proportion and escapes the labels', () => {
    const svg = String(stackedBars(
      [{ key: 'I01', label: 'I01 – <script>alert(1)</script>', counts: { ...emptyCounts(), completed_on_time: 3, open_overdue: 1 }, value: '75%' }],
      { caption: 'Theo nội dung', bucketLabels: labels, empty: '—' },
    ));
    expect(svg).toContain('<svg viewBox="0 0 640');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
    const [onTime] = widths(svg, BUCKET_COLOURS.completed_on_time);
    const [overdue] = widths(svg, BUCKET_COLOURS.open_overdue);
    expect(onTime / overdue).toBeCloseTo(3, 5);
    expect(svg).toMatch(/data-value>75%</);
  });

  it('says there is no data instead of drawing an empty chart', () => {
    expect(String(stackedBars([], { caption: 'x', bucketLabels: labels, empty: 'Chưa có số liệu.' }))).toContain('Chưa có số liệu.');
    expect(String(weeklyColumns([], { caption: 'x', weekLabel: String, shortDate: String, onTimeLabel: 'a', lateLabel: 'b', empty: 'Chưa có số liệu.' }))).toContain('Chưa có số liệu.');
  });

  it('draws a Gantt bar from start to due per step, a diamond for a step without a start, and today between them', () => {
    const svg = String(gantt(
      [
        { group: 'I01', key: 'I01.1', label: 'I01.1', title: 'Dự thảo', start: '2023-03-23', due: '2023-03-29', bucket: 'completed_on_time' },
        { group: 'I01', key: 'I01.5', label: 'I01.5', title: 'Dự toán', start: '2023-04-03', due: '2023-04-07', bucket: 'open_on_time', href: '/plans/P/steps/I01.5' },
        { group: 'I02', key: 'I02.1', label: 'I02.1', title: 'Rà soát', start: null, due: '2023-06-30', bucket: 'open_on_time' },
      ],
      '2023-04-05',
      { caption: 'Tiến độ', todayLabel: 'Hôm nay', monthLabel: (iso) => iso.slice(0, 7), shortDate: (iso) => iso, legend: [] },
    ));
    const bar = (step: string) => svg.match(new RegExp(`data-step="${step}"[\\s\\S]*?<rect x="([\\d.]+)" y="\\d+" width="([\\d.]+)"`));
    const first = bar('I01.1')!;
    const second = bar('I01.5')!;
    expect(Number(first[1]) + Number(first[2])).toBeLessThanOrEqual(Number(second[1]));
    expect(svg).toMatch(/data-step="I02.1"[\s\S]*?<path d="M/);
    expect(svg).toContain('<a href="/plans/P/steps/I01.5">');
    const today = Number(svg.match(/data-today="2023-04-05"><line x1="([\d.]+)"/)![1]);
    expect(today).toBeGreaterThan(Number(second[1]));
    expect(today).toBeLessThan(Number(second[1]) + Number(second[2]));
    expect(svg).toContain('Hôm nay 2023-04-05');
    expect(svg.match(/font-weight="bold">I0\d</g)).toHaveLength(2);
  });
});
