import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanFile, WorkingCalendar } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { eventually, startStack, type Stack } from '../utils/stack.js';

const FILE = join(projectRoot(), 'test', 'fixtures', 'plans', 'ha-giang-2025-across-reform.yaml');

async function docxParagraphs(bytes: ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1])
      .join('')
      .replace(/&amp;/g, '&'),
  );
}

/**
 * A 2025 plan across the 2025 reforms, through the real stack (HTTP, PostgreSQL, Temporal, the worker): the district
 * monitor moves from the Phòng LĐTB&XH (until 28/02/2025) to its successor, the province takes over on 01/07/2025,
 * the commune's staff move to the new commune. The plan file validates, runs, and the status and the report name
 * the monitoring body of each side.
 */
describe('the monitoring body across 2025 (a role moving to a successor unit)', () => {
  let s: Stack;
  const text = readFileSync(FILE, 'utf8');
  const parsed = parsePlanFile(text, 'ha-giang-2025-across-reform.yaml', WorkingCalendar.vietnam());
  const PLAN = 'HG-2025-CHUYEN-TIEP';
  const API = `/api/v1/plans/${PLAN}`;

  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('validates; without the successor span the monitor has no unit from 01/03/2025, and the file says so', () => {
    expect(parsed).toMatchObject({ ok: true, warnings: [] });
    const broken = text.replace(
      'units: [{unit: phong_ldtbxh_ha_trung, to: 2025-02-28}, {unit: phong_yte_ha_trung, from: 2025-03-01}]',
      'unit: phong_ldtbxh_ha_trung',
    );
    const r = parsePlanFile(broken, 'broken.yaml', WorkingCalendar.vietnam());
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(
          /^cơ quan giám sát district_monitor không thuộc đơn vị nào vào ngày 01\/03\/2025 \(phong_ldtbxh_ha_trung kết thúc ngày 28\/02\/2025; đơn vị kế thừa là phong_yte_ha_trung\)/,
        ),
      ]);
  });

  it('runs across 01/07/2025: both steps start, and the status names the monitoring body of each stretch', async () => {
    if (!parsed.ok) throw new Error('the fixture must parse');
    await s.loadPlan(parsed.plan);
    const run = await s.runPlan(PLAN, { speed: 1, planStart: '2025-06-23' });
    expect(run).toMatchObject({ status: 200, body: { stepsCreated: 2 } });
    const status = await eventually(
      async () => {
        const b = (await s.http('GET', `${API}/status`, undefined, 'chairman')).body;
        return b?.steps?.length === 2 ? b : undefined;
      },
      60_000,
      'the two steps',
    );
    expect(status.steps.map((x: { stepId: string; dueDate: string }) => [x.stepId, x.dueDate])).toEqual([
      ['I01.1', '2025-06-27'],
      ['I01.2', '2025-07-04'],
    ]);
    expect(status.monitoringBodies).toEqual([
      {
        until: '2025-02-28',
        role: 'district_monitor',
        title: 'Chuyên viên theo dõi công tác trẻ em cấp huyện',
        person: 'Lý Thị P',
        unitId: 'phong_ldtbxh_ha_trung',
        unitName: 'Phòng LĐTB&XH huyện Hà Trung',
      },
      {
        from: '2025-03-01',
        until: '2025-06-30',
        role: 'district_monitor',
        title: 'Chuyên viên theo dõi công tác trẻ em cấp huyện',
        person: 'Lý Thị P',
        unitId: 'phong_yte_ha_trung',
        unitName: 'Phòng Y tế huyện Hà Trung',
      },
      {
        from: '2025-07-01',
        role: 'province_monitor',
        title: 'Chuyên viên Phòng BTXH - Trẻ em, Sở Y tế',
        person: 'Hà Văn Q',
        unitId: 'so_yte_thanh_hoa_btxh_te',
        unitName: 'Sở Y tế Thanh Hóa – Phòng Bảo trợ xã hội - Trẻ em',
      },
    ]);
    // The official report of plan today (23/06/2025) goes up to the district's successor unit, not the dissolved one.
    const r = await fetch(`${s.baseUrl}${API}/reports/ket-qua.docx`, { headers: { 'x-dondoc-actor': 'chairman' } });
    expect(r.status).toBe(200);
    const paragraphs = await docxParagraphs(await r.arrayBuffer());
    expect(paragraphs).toContain('- Phòng Y tế huyện Hà Trung (b/c);');
    expect(paragraphs.join('\n')).not.toContain('Phòng LĐTB&XH huyện Hà Trung (b/c)');
  });
});
