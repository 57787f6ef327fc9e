import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionPage, messagePage, signInConfirmPage, signInPage } from '../auth/auth-pages.js';
import type { ActionPage } from '../auth/action-links.service.js';
import { pagesCss, renderView, VIEWS_DIR } from './views.js';

const NASTY = `<script>alert("x")</script>&'"`;

describe('server page templates (apps/api/views)', () => {
  it('never write a value unescaped: no {{{ }}} in any template, no inline script or style', () => {
    const files = readdirSync(VIEWS_DIR).filter((f) => f.endsWith('.hbs'));
    expect(files).toEqual(
      expect.arrayContaining([
        'layout.hbs',
        'message.hbs',
        'sign-in.hbs',
        'sign-in-confirm.hbs',
        'action.hbs',
        'mailbox.hbs',
        'mailbox-message.hbs',
      ]),
    );
    for (const f of files) {
      const t = readFileSync(join(VIEWS_DIR, f), 'utf8');
      expect({ f, triple: t.includes('{{{') }).toEqual({ f, triple: false });
      expect({ f, inline: /<style|style=|<script|\son[a-z]+=/i.test(t) }).toEqual({ f, inline: false });
    }
  });

  it('escape data, link the one style sheet, speak Vietnamese', () => {
    const page = messagePage(NASTY, NASTY, { actorHeader: false });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(page).toContain('<link rel="stylesheet" href="/static/pages.css">');
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('href="/dang-nhap"');
    expect(messagePage('T', 'M', { actorHeader: false }).includes('&#x3D;')).toBe(false);
    expect(page).not.toMatch(/<style|style="/);
    const confirm = signInConfirmPage('tok"en');
    expect(confirm).toContain('<form method="post" action="/dang-nhap/xac-nhan"><input type="hidden" name="t" value="tok&quot;en">');
    expect(signInPage({ minutes: 15, error: true, email: NASTY, next: '/app/' })).toContain('name="next" value="/app/"');
    expect(renderView('mailbox', { title: 'Hộp thư', mails: [], labels: { empty: 'Chưa có thư.' } })).toContain('<p>Chưa có thư.</p>');
  });

  it('the action page asks with one form (its button acts) and names the files of the evidence', () => {
    const p = {
      kind: 'confirm',
      csrf: 'c1',
      value: NASTY,
      fieldError: true,
      link: { action: 'approve', planId: 'HG', stepId: 'I01.5', unitId: null, roleKey: 'vice_chair_vhxh', evidenceVersion: 2 },
      step: {
        stepId: 'I01.5',
        title: 'Phê duyệt kế hoạch',
        stateLabel: 'Đã trình',
        dueDateVi: '07/04/2023',
        assignee: 'Phạm Thị D',
        approver: 'Tổng Văn Trưởng',
      },
      submission: { version: 2, note: 'Ghi chú', links: ['https://example.org/a'], files: [{ id: 'f1', name: 'du-thao.pdf', size: 2560 }] },
    } as unknown as ActionPage;
    const html = actionPage(p, { actorHeader: false }, 'ref123');
    expect(html.match(/<form method="post" action="\/hanh-dong\/ref123">/g)).toHaveLength(1);
    expect(html).toContain('name="csrf" value="c1"');
    expect(html).toContain('<a href="/api/v1/plans/HG/steps/I01.5/files/f1" data-file="f1">du-thao.pdf</a> (2,5 KB)');
    expect(html).toContain('data-version="2"');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('I01.5 – Phê duyệt kế hoạch');
  });

  it('the style sheet looks like the app: its font stack and blue, nothing fetched from elsewhere', () => {
    const css = pagesCss();
    expect(typeof css).toBe('string');
    expect(css).toContain('#0b4a8b');
    expect(css.replace(/\s+/g, ' ')).toContain("font-family: system-ui, -apple-system, 'Segoe UI',");
    expect(css).not.toMatch(/@import|url\(/);
  });
});
