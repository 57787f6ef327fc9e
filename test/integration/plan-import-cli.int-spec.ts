import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlanFile } from '#libs/domain/src/index.js';
import { comparePlans } from '#libs/plan-import/src/index.js';
import { runCli } from '../utils/cli.js';
import { tanPhuPlanDocx } from '../utils/ke-hoach-docx.js';

const SEED_DOC = 'plans/documents/ha-giang-2023-ke-hoach.txt';

describe('plan import (CLI)', () => {
  it('writes the draft of the seed document, prints the Vietnamese summary and the agreement with the shipped plan', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dondoc-import-')), 'draft.yaml');
    const r = runCli({}, 'plan', 'import', SEED_DOC, '-o', out, '--compare', 'plans/ha-giang-2023.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Mục IV. TỔ CHỨC THỰC HIỆN: 3 nội dung đánh số');
    expect(r.stderr).toContain('Đã bỏ số trang lạc ở dòng 31');
    expect(r.stderr).toMatch(/vai trò chịu trách nhiệm khớp (\d+)\/\1 nội dung mục II và IV \(100%\)/);
    const draft = readFileSync(out, 'utf8');
    // Every TODO the summary lists is one the validator reports at the same place.
    const listed = r.stderr
      .split('\n')
      .filter((l) => /^ {2}draft\.yaml:\d+:\d+: TODO ở /.test(l))
      .map((l) => l.trim());
    const v = runCli({}, 'plan', 'validate', out);
    expect(v.code).toBe(1);
    const reported = v.stderr
      .trim()
      .split('\n')
      .map((l) => l.replace(out, 'draft.yaml').replace(': lỗi: ', ': '));
    expect(listed.length).toBeGreaterThan(20);
    expect(reported).toEqual(listed);
    expect(parsePlanFile(draft, 'draft.yaml').ok).toBe(false);
  });

  it('writes the draft to stdout when no -o is given, also from a .docx', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dondoc-import-')), 'tan-phu.docx');
    writeFileSync(file, await tanPhuPlanDocx());
    const r = runCli({}, 'plan', 'import', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Bản dự thảo tệp kế hoạch, nhập từ /);
    expect(r.stdout).toContain('issuer: ubnd_xa_tan_phu');
  });

  it('refuses a broken document with a located message and exit 1, and a missing argument with exit 2', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dondoc-import-')), 'hong.docx');
    writeFileSync(file, 'PK\u0003\u0004 not really a zip');
    const r = runCli({}, 'plan', 'import', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Không nhập được tệp');
    expect(r.stderr).toContain(`${file}:1:1: lỗi: tệp không phải tài liệu Word .docx đọc được`);
    expect(r.stderr).not.toMatch(/\b(error|the file|not a)\b/);
    expect(runCli({}, 'plan', 'import').code).toBe(2);
  });

  it('refuses random bytes, a scanned PDF, an empty document and a 50 MB file in Vietnamese, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-import-'));
    const random = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256));
    const cases: [string, Buffer, string][] = [
      ['ngau-nhien.docx', random, 'tệp không phải tài liệu Word .docx đọc được'],
      ['ban-quet.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), random]), 'chỉ nhận tệp .docx, .doc (Word) hoặc .txt'],
      ['trong.txt', Buffer.from('  \n\n'), 'tệp rỗng'],
      ['lon.txt', Buffer.alloc(50 * 1024 * 1024, 0x41), 'tệp lớn hơn 10 MiB'],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const out = join(dir, `${name}.yaml`);
      const r = runCli({}, 'plan', 'import', file, '-o', out);
      expect({ name, code: r.code, stdout: r.stdout }).toEqual({ name, code: 1, stdout: '' });
      expect(r.stderr).toContain(`Không nhập được tệp ${file}`);
      expect(r.stderr).toContain(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('reports items lost and found twice with --compare', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-import-'));
    const r = runCli({}, 'plan', 'import', SEED_DOC, '-o', join(dir, 'draft.yaml'), '--compare', 'plans/ha-giang-2023.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Nội dung bị bỏ sót (có trong kế hoạch hoàn thiện, không có trong bản dự thảo): ');
    expect(r.stderr).toContain('Nội dung bị nhập hai lần (nhiều nội dung của bản dự thảo cùng một mục): 0 — —');
  });

  it("--compare of the seed document agrees with the seed plan on III.1, III.3, III.4 and II.1's approval", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dondoc-import-')), 'draft.yaml');
    const r = runCli({}, 'plan', 'import', SEED_DOC, '-o', out, '--compare', 'plans/ha-giang-2023.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'So với plans/ha-giang-2023.yaml: 17/17 nội dung của kế hoạch đã hoàn thiện có nội dung tương ứng trong bản dự thảo',
    );
    // "xây dựng, trình UBND xã phê duyệt" (II.1) gives the draft's step the plan's approver, as the seed's I02.4 has.
    expect(r.stderr).toContain(
      'Bước trình phê duyệt: bản dự thảo có ở 2/8 mục mà kế hoạch hoàn thiện có bước phê duyệt — II.1: I01.1 ↔ I01.1, I02.4;',
    );
    const c = comparePlans(readFileSync(out, 'utf8'), readFileSync('plans/ha-giang-2023.yaml', 'utf8'));
    const matchOf = (id: string) => c.shipped.find((m) => m.id === id);
    expect(['I15', 'I16', 'I17'].map((id) => [id, matchOf(id)?.sections, matchOf(id)?.draftIds])).toEqual([
      ['I15', ['III.1'], ['I06']],
      ['I16', ['III.3'], ['I08']],
      ['I17', ['III.4'], ['I09']],
    ]);
    expect([c.shippedItems, c.shippedCovered, c.lost]).toEqual([17, 17, []]);
    expect(c.approvals.find((a) => a.section === 'II.1')).toEqual({
      section: 'II.1',
      shippedSteps: ['I01.1', 'I02.4'],
      draftSteps: ['I01.1'],
    });
    expect([c.approvalAgreed, c.approvalSections]).toEqual([2, 8]);
  });
});
