// The composition of one outgoing mail (MIME): dondoc's composeMime, which MailTransport hands to nodemailer as a raw
// message, against nodemailer's own composer (MailComposer: its tree of MIME nodes and chain of encoding streams) on
// the same assignment mail, rendered from the real templates with its .ics invite. CPU per mail of this process.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { composeMime, dueDateInvite, renderMail, type MimeMail } from '#libs/mail/src/index.js';
import { stepMailCommon } from '../test/factories/mail.factory.js';
import { fmt, interleaved, result, type BenchResult } from './lib/stats.js';

const vars = {
  ...stepMailCommon,
  evidence: 'bảng dự toán đã ký',
  approverText: 'Trần Thị B, Phó Chủ tịch UBND xã',
  reportUrl: 'http://127.0.0.1:3000/hanh-dong/submit-ref',
};

export async function mailBench(o: { quick: boolean; repeats: number }): Promise<BenchResult[]> {
  const n = o.quick ? 1_000 : 5_000; // mails per repeat
  const rendered = renderMail('step-assigned', vars);
  const mail: MimeMail = {
    from: 'UBND xã Hà Giang <no-reply@hagiang.example.org>',
    to: 'tckt@hagiang.example.org',
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: '<I01.5-assigned-1@hagiang.example.org>',
    date: new Date(),
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [dueDateInvite({ uid: 'I01.5@hagiang', sequence: 1, due: '2023-04-07', fileKey: 'I01.5', vars })],
  };
  const bytes = { ours: 0, theirs: 0 };
  // CPU ms per mail of this process, composing n messages one after another.
  const cpuPerMail = async (side: keyof typeof bytes, compose: () => Promise<number>) => {
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) bytes[side] = await compose();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / n;
  };
  const ours = () => cpuPerMail('ours', async () => composeMime({ ...mail, date: new Date() }).length);
  const theirs = () => cpuPerMail('theirs', async () => (await new MailComposer({ ...mail, date: new Date() }).compile().build()).length);
  await ours(); // warm both once (templates, code paths)
  await theirs();
  const r = await interleaved(o.repeats, theirs, ours);
  return [
    result({
      metric: 'mail composition (MIME) vs nodemailer’s composer',
      unit: 'CPU ms/mail',
      subject: r.subject,
      baseline: r.baseline,
      better: 'lower',
      goal: '≤ 0.5×',
      max: 0.5,
      repeats: o.repeats,
      note:
        `${n} assignment mails per repeat (the real templates and the .ics invite; ${fmt(bytes.ours / 1024)} KiB composed, ${fmt(bytes.theirs / 1024)} KiB by nodemailer); ` +
        `composeMime ${r.subjects.map(fmt).join('/')}, MailComposer ${r.baselines.map(fmt).join('/')} CPU ms per mail`,
    }),
  ];
}
