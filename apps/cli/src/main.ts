// dondoc command line: the working-day calendar, plan files, staff users, API tokens and the audit check, on commander.
// Results go to stdout, one value per line; diagnostics go to stderr, in Vietnamese. Exit 0 = success / valid,
// 1 = invalid input, 2 = wrong usage (an unknown command or option, a missing or malformed argument).
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Help } from 'commander';
import {
  clonePlan,
  formatDiagnostic,
  formatViDate,
  isIsoDate,
  lunarToSolar,
  parsePlanFile,
  planJsonSchema,
  previewPlan,
  solarToLunar,
  WorkingCalendar,
  type PlanPreview,
} from '#libs/domain/src/index.js';
import { viLabels, viWeekday } from '#libs/mail/src/index.js';
import { readCalendarFile } from './calendar-file.js';

/** Wrong usage: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const out = (line: string | number | boolean) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

const dateArg = (v: string | undefined, what = 'ngày') => {
  if (!v || !isIsoDate(v)) throw new UsageError(`${what} phải là một ngày dạng YYYY-MM-DD${v ? `, không phải "${v}"` : ''}`);
  return v;
};

function readPlan(file: string): { file: string; text: string } {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (e) {
    throw new UsageError(`không đọc được ${file}: ${(e as Error).message}`);
  }
}

function printPreview(p: PlanPreview) {
  const t = viLabels().timeline;
  const day = (d: string) => `${viWeekday(d)}, ${formatViDate(d)}`;
  out(`${p.plan}`);
  for (const s of p.steps) {
    const where = [s.unit, s.period ? `${t.monthOf} ${s.period.slice(5)}/${s.period.slice(0, 4)}` : null].filter(Boolean).join(' · ');
    out(`${s.id}${where ? ` (${where})` : ''} · ${s.assignee} · ${t.due} ${day(s.due)}`);
    for (const e of s.events) out(`    ${day(e.date).padEnd(22)} ${t[e.kind].padEnd(18)} → ${e.to}`);
  }
  if (p.triggered.length) out(`${t.triggered}: ${p.triggered.join(', ')}`);
}

/** The headings of commander's help, in Vietnamese. */
const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Đối số:',
  'Global Options:': 'Tùy chọn chung:',
};

/** commander's "[options]" and "[command]" in usages, in Vietnamese. */
const viTerms = (usage: string) => usage.replace('[options]', '[tùy chọn]').replace('[command]', '[lệnh]');

/**
 * The program. Each action sets `result` (the exit code); the modules of the database commands are loaded only for
 * them (the calendar and plan files need no database layer).
 */
export function buildProgram(): { program: Command; result: () => number } {
  let code = 0;
  const done = (c: number) => {
    code = c;
  };
  const program = new Command('dondoc')
    .description('Dòng lệnh của dondoc: lịch ngày làm việc, tệp kế hoạch, người dùng, mã truy cập API và kiểm tra nhật ký.')
    .usage('[tùy chọn] <nhóm lệnh> <lệnh> [đối số]')
    .helpOption('-h, --help', 'hiện trợ giúp của lệnh')
    .helpCommand('help [lệnh]', 'hiện trợ giúp của một lệnh')
    .configureHelp({
      styleTitle: (s) => HELP_TITLES[s] ?? s,
      commandUsage: (cmd) => viTerms(Help.prototype.commandUsage.call(new Help(), cmd)),
      subcommandTerm: (cmd) => viTerms(Help.prototype.subcommandTerm.call(new Help(), cmd)),
      sortSubcommands: false,
    })
    .configureOutput({ outputError: () => undefined })
    .exitOverride()
    .showSuggestionAfterError(false)
    .option('--calendar <file>', 'tệp lịch bổ sung các năm (YAML/JSON, xem docs/plans.md)');
  const calendar = () => {
    const file = program.opts<{ calendar?: string }>().calendar;
    return WorkingCalendar.vietnam(file ? readCalendarFile(file) : []);
  };

  const cal = program.command('calendar').description('Lịch ngày làm việc của Việt Nam (ngày nghỉ, ngày làm bù) và lịch âm');
  cal
    .command('is-working-day <date>')
    .description('ngày YYYY-MM-DD có phải ngày làm việc không (true/false)')
    .action((d: string) => {
      out(calendar().isWorkingDay(dateArg(d)));
    });
  cal
    .command('roll <date>')
    .description('ngày làm việc gần nhất từ ngày đó trở đi')
    .action((d: string) => {
      out(calendar().roll(dateArg(d)));
    });
  cal
    .command('add <date> <n>')
    .description('ngày làm việc thứ n sau ngày đó (n âm: trước), không tính ngày đó')
    .allowUnknownOption(false)
    .action((d: string, n: string) => {
      if (!/^-?\d+$/.test(n) || Math.abs(Number(n)) > 100_000)
        throw new UsageError(`n phải là số ngày làm việc (số nguyên), không phải "${n}"`);
      out(calendar().add(dateArg(d), Number(n)));
    });
  cal
    .command('lunar-to-solar <lunarDate>')
    .description('đổi ngày âm lịch YYYY-MM-DD sang dương lịch')
    .option('--leap', 'tháng nhuận')
    .action((d: string, o: { leap?: boolean }) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
      if (!m) throw new UsageError('ngày âm lịch phải có dạng YYYY-MM-DD');
      try {
        out(lunarToSolar({ year: +m[1], month: +m[2], day: +m[3], leap: !!o.leap }));
      } catch (e) {
        err((e as Error).message);
        done(1);
      }
    });
  cal
    .command('solar-to-lunar <date>')
    .description('đổi ngày dương lịch YYYY-MM-DD sang âm lịch ("leap": tháng nhuận)')
    .action((d: string) => {
      const l = solarToLunar(dateArg(d));
      out(`${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}${l.leap ? ' leap' : ''}`);
    });

  const plan = program
    .command('plan')
    .description('Tệp kế hoạch (YAML): kiểm tra, xem trước, nhân bản sang năm khác, dựng bản nháp từ văn bản');
  plan
    .command('validate <file>')
    .description('kiểm tra tệp kế hoạch; lỗi và cảnh báo kèm dòng, cột (thoát 1 khi có lỗi)')
    .action((f: string) => {
      const { file, text } = readPlan(f);
      const r = parsePlanFile(text, file, calendar());
      for (const d of [...(r.ok ? [] : r.errors), ...r.warnings].sort((a, b) => a.line - b.line || a.col - b.col)) err(formatDiagnostic(d));
      done(r.ok ? 0 : 1);
    });
  plan
    .command('preview <file>')
    .description('các nội dung với hạn và lịch nhắc việc, báo cáo cấp trên của từng nội dung')
    .option('--json', 'in dạng JSON')
    .action((f: string, o: { json?: boolean }) => {
      const { file, text } = readPlan(f);
      const c = calendar();
      const r = parsePlanFile(text, file, c);
      if (!r.ok) {
        r.errors.forEach((d) => err(formatDiagnostic(d)));
        return done(1);
      }
      const preview = previewPlan(r.plan, c);
      if (o.json) out(JSON.stringify({ plan: preview.plan, steps: preview.steps.map(({ period: _p, ...s }) => s) }));
      else printPreview(preview);
    });
  plan
    .command('clone <file>')
    .description('nhân bản kế hoạch sang năm khác: các hạn được tính lại, chỗ cần xem lại ghi TODO')
    .option('--year <yyyy>', 'năm của kế hoạch mới')
    .option('--start <date>', 'ngày bắt đầu diễn tập (YYYY-MM-DD)')
    .option('-o, --out <file>', 'ghi ra tệp thay vì in ra')
    .action((f: string, o: { year?: string; start?: string; out?: string }) => {
      if (o.year !== undefined && !/^\d{4}$/.test(o.year)) throw new UsageError(`--year cần một năm như 2026, không phải "${o.year}"`);
      if (o.year === undefined && o.start === undefined) throw new UsageError('plan clone cần --year <yyyy> hoặc --start <YYYY-MM-DD>');
      const { file, text } = readPlan(f);
      const start = o.start === undefined && o.year !== undefined ? undefined : dateArg(o.start, '--start');
      const r = clonePlan(text, file, start, calendar(), o.year !== undefined ? { toYear: Number(o.year) } : {});
      if (!r.ok) {
        r.errors.forEach((d) => err(formatDiagnostic(d)));
        return done(1);
      }
      r.warnings.forEach((w) => err(`cảnh báo: ${w}`));
      if (o.out) writeFileSync(o.out, r.text);
      else process.stdout.write(r.text);
    });
  plan
    .command('schema')
    .description('JSON Schema của tệp kế hoạch')
    .action(() => {
      out(JSON.stringify(planJsonSchema(), null, 2));
    });
  plan
    .command('import <document>')
    .description('dựng bản nháp tệp kế hoạch từ văn bản kế hoạch đã ký (.docx, .doc khi có LibreOffice, hoặc .txt); tóm tắt ra stderr')
    .option('-o, --out <file>', 'ghi bản nháp ra tệp')
    .option('--compare <plan.yaml>', 'so bản nháp với một tệp kế hoạch')
    .action(async (doc: string, o: { out?: string; compare?: string }) => {
      done(await (await import('./plan-import.js')).planImportCommand(doc, o.out, o.compare, err));
    });

  // user, token and audit: the database commands (DATABASE_URL); each module checks its own arguments.
  const user = program.command('user').description('Người dùng (cán bộ) và vai trò của họ trong từng kế hoạch; cần DATABASE_URL');
  const userRun = (cmd: string, args: string[], o: Record<string, string | undefined> = {}) =>
    import('./user-admin.js').then(async (m) => done(await m.userCommand(cmd, args, (name) => o[name.replace(/^--/, '')], out)));
  user
    .command('list')
    .description('mọi người dùng: địa chỉ, trạng thái, tên, vai trò')
    .action(() => userRun('list', []));
  user
    .command('add <email>')
    .description('thêm người dùng (hoặc đổi tên người đã có)')
    .option('--name <tên>', 'tên hiển thị')
    .action((e: string, o: Record<string, string | undefined>) => userRun('add', [e], o));
  user
    .command('disable <email>')
    .description('khóa người dùng: phiên đăng nhập của họ hết hiệu lực')
    .action((e: string) => userRun('disable', [e]));
  user
    .command('enable <email>')
    .description('mở khóa người dùng')
    .action((e: string) => userRun('enable', [e]));
  user
    .command('grant <email> <planId> <roleKey>')
    .description('giao vai trò trong kế hoạch')
    .option('--unit <villageId>', 'thôn, với vai trò theo từng thôn')
    .action((e: string, p: string, r: string, o: Record<string, string | undefined>) => userRun('grant', [e, p, r], o));
  user
    .command('revoke <email> <planId> <roleKey>')
    .description('thu hồi vai trò (việc giữ vai trò được đóng lại, vẫn lưu trong lịch sử)')
    .option('--unit <villageId>', 'thôn, với vai trò theo từng thôn')
    .action((e: string, p: string, r: string, o: Record<string, string | undefined>) => userRun('revoke', [e, p, r], o));
  user
    .command('history <planId> <roleKey>')
    .description('ai giữ vai trò từ khi nào đến khi nào, và các ủy quyền')
    .option('--unit <villageId>', 'thôn, với vai trò theo từng thôn')
    .action((p: string, r: string, o: Record<string, string | undefined>) => userRun('history', [p, r], o));
  user
    .command('delegate <fromEmail> <toEmail> <planId> <roleKey>')
    .description('ủy quyền vai trò lãnh đạo cho người khác trong một thời hạn')
    .option('--from <dd/mm/yyyy>', 'ngày bắt đầu')
    .option('--to <dd/mm/yyyy>', 'ngày kết thúc')
    .option('--reason <lý do>', 'lý do ủy quyền')
    .option('--unit <villageId>', 'thôn, với vai trò theo từng thôn')
    .action((f: string, t: string, p: string, r: string, o: Record<string, string | undefined>) => userRun('delegate', [f, t, p, r], o));
  user
    .command('delegations [planId]')
    .description('các ủy quyền (của một kế hoạch)')
    .action((p?: string) => userRun('delegations', p ? [p] : []));
  user
    .command('undelegate <id>')
    .description('thu hồi một ủy quyền')
    .action((id: string) => userRun('undelegate', [id]));
  user
    .command('admin <email> [off]')
    .description('làm quản trị viên ứng dụng web (mã truy cập API, danh sách người dùng); "off" để thôi')
    .action((e: string, off?: string) => userRun('admin', off === undefined ? [e] : [e, off]));

  const token = program.command('token').description('Mã truy cập API chỉ đọc cho hệ thống bên ngoài; cần DATABASE_URL');
  const tokenRun = (cmd: string, args: string[], o: Record<string, string | undefined> = {}) =>
    import('./token-admin.js').then(async (m) => done(await m.tokenCommand(cmd, args, (name) => o[name.replace(/^--/, '')], out, err)));
  token
    .command('create')
    .description('tạo mã (in ra một lần duy nhất) cho một đơn vị và mọi đơn vị dưới nó')
    .option('--name <tên>', 'ai dùng mã')
    .option('--unit <unitId>', 'đơn vị được đọc')
    .option('--plan <planId>', 'chỉ một kế hoạch')
    .option('--expires <ngày|số ngày>', 'hạn dùng: YYYY-MM-DD hoặc số ngày như 90d')
    .action((o: Record<string, string | undefined>) => tokenRun('create', [], o));
  token
    .command('list')
    .description('các mã: mã số, tên, đơn vị, kế hoạch, trạng thái, hạn, lần dùng cuối')
    .action(() => tokenRun('list', []));
  token
    .command('revoke <idOrName>')
    .description('thu hồi mã theo mã số hoặc tên')
    .action((x: string) => tokenRun('revoke', [x]));

  const audit = program.command('audit').description('Nhật ký kiểm toán của kế hoạch; cần DATABASE_URL và APP_SECRET');
  audit
    .command('verify <planId>')
    .description('kiểm tra chuỗi băm của mọi nội dung; thoát 1 ở liên kết hỏng đầu tiên')
    .action((p: string) => import('./audit-admin.js').then(async (m) => done(await m.auditCommand('verify', [p], out, err))));

  return { program, result: () => code };
}

/** commander's usage errors, said in Vietnamese; the quoted name comes from commander's English message. */
function usageMessage(e: CommanderError): string {
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownCommand':
      return `không có lệnh "${quoted}"`;
    case 'commander.unknownOption':
      return `không có tùy chọn "${quoted}"`;
    case 'commander.missingArgument':
      return `thiếu đối số <${quoted}>`;
    case 'commander.optionMissingArgument':
      return `tùy chọn ${quoted} cần một giá trị`;
    case 'commander.excessArguments':
      return `thừa đối số cho lệnh "${quoted}"`;
    case 'commander.missingMandatoryOptionValue':
      return `cần tùy chọn ${quoted}`;
    default:
      return 'dùng lệnh chưa đúng';
  }
}

const USAGE_NAMES = ['UsageError', 'UserUsageError', 'TokenUsageError', 'AuditUsageError'];

export async function main(argv: string[]): Promise<number> {
  const { program, result } = buildProgram();
  try {
    if (!argv.length) throw new UsageError('chưa có lệnh');
    await program.parseAsync(argv, { from: 'user' });
    return result();
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and a group asked for without its command print the help (the latter to stderr, as wrong usage).
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help') return 2;
      err(`lỗi: ${usageMessage(e)}`);
      err('xem: npm run -s cli -- --help (hoặc <nhóm lệnh> --help)');
      return 2;
    }
    if (e instanceof Error && USAGE_NAMES.includes(e.name)) {
      err(`lỗi: ${e.message}`);
      err('xem: npm run -s cli -- <nhóm lệnh> <lệnh> --help');
      return 2;
    }
    err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
