import { describe, expect, it } from '@jest/globals';
import { actedByLabel, delegableRoles, parseViDate } from './acted-by.js';

describe('who acted, as people read it', () => {
  const title = 'Phó Chủ tịch UBND xã';
  it('names the person beside the role, a delegation, the header, a token and the system', () => {
    expect(actedByLabel({ kind: 'user', userId: 'u', name: 'Trần Thị B', email: 'b@x.org' }, title)).toBe(
      'Trần Thị B (Phó Chủ tịch UBND xã)',
    );
    expect(
      actedByLabel(
        {
          kind: 'user',
          userId: 'u',
          name: 'Lê Văn C',
          email: 'c@x.org',
          delegation: { id: 'd', fromUserId: 'a', fromName: 'Trần Thị B', fromEmail: 'b@x.org' },
        },
        title,
      ),
    ).toBe('Lê Văn C (Phó Chủ tịch UBND xã, ủy quyền của Trần Thị B)');
    expect(actedByLabel({ kind: 'header', userId: null, name: 'Trần Thị B', email: null }, title)).toBe(
      'Trần Thị B (Phó Chủ tịch UBND xã; qua tiêu đề X-Dondoc-Actor)',
    );
    expect(actedByLabel({ kind: 'token', tokenId: 't', tokenName: 'Phòng LĐTB&XH' }, null)).toBe('Mã truy cập "Phòng LĐTB&XH"');
    expect(actedByLabel({ kind: 'system' }, null)).toBe('Hệ thống');
    expect(actedByLabel(null, title)).toBe(title);
  });

  it('lets the leaders delegate: the chairman and the vice-chairmen of the seed plan', () => {
    const roles = {
      chairman: { key: 'chairman' },
      vice_chair_vhxh: { key: 'vice_chair_vhxh', supervisor: 'chairman' },
      vice_chair_kt: { key: 'vice_chair_kt', supervisor: 'chairman' },
      officer_ldtbxh: { key: 'officer_ldtbxh', supervisor: 'vice_chair_vhxh' },
      finance_officer: { key: 'finance_officer', supervisor: 'vice_chair_kt' },
      office_officer: { key: 'office_officer', supervisor: 'chairman' },
      village_head: { key: 'village_head', supervisor: 'officer_ldtbxh', fanOut: 'villages_all' },
    };
    expect(delegableRoles({ roles }).sort()).toEqual(['chairman', 'vice_chair_kt', 'vice_chair_vhxh']);
  });

  it('reads dd/mm/yyyy dates that exist', () => {
    expect(parseViDate('08/12/2026')).toBe('2026-12-08');
    expect(parseViDate('8/1/2026')).toBe('2026-01-08');
    expect(parseViDate('31/02/2026')).toBeUndefined();
    expect(parseViDate('2026-12-08')).toBe('2026-12-08');
    expect(parseViDate('hôm nay')).toBeUndefined();
  });
});
