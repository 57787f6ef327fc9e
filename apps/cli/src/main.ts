// dondoc command line: the working-day calendar, plan files, staff users and API tokens. Results go to stdout, one
// value per line; diagnostics go to stderr. Exit 0 = success / valid, 1 = invalid input, 2 = wrong usage.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  clonePlan, formatDiagnostic, formatViDate, isIsoDate, lunarToSolar, parsePlanFile, planJsonSchema, previewPlan, solarToLunar,
  WorkingCalendar, type PlanPreview,
} from '../../../libs/domain/src/index.js';
import { viLabels, viWeekday } from '../../../libs/mail/src/index.js';
import { readCalendarFile } from './calendar-file.js';

class UsageError extends Error {}

const USAGE = `cách dùng:
  calendar is-working-day <date>
  calendar roll <date>
  calendar add <date> <n>
  calendar lunar-to-solar <lunar YYYY-MM-DD> [--leap]
  calendar solar-to-lunar <date>
  plan validate <file>
  plan preview <file> [--json]
  plan clone <file> --year <yyyy> | --start <date> [-o <out.yaml>]
  plan schema
  plan import <file.docx|file.txt> [-o <draft.yaml>] [--compare <plan.yaml>]
  user list
  user add <email> --name <display name>
  user disable <email> | user enable <email>
  user grant <email> <planId> <roleKey> [--unit <villageId>]
  user revoke <email> <planId> <roleKey> [--unit <villageId>]   (the holding is closed, kept in history)
  user history <planId> <roleKey> [--unit <villageId>]          who held the role when, and its delegations
  user delegate <from-email> <to-email> <planId> <roleKey> --from <dd/mm/yyyy> --to <dd/mm/yyyy> --reason <text>
  user delegations [planId] | user undelegate <id>
  user admin <email> [off]                                      an administrator of the web app (API tokens, users), or no longer
  audit verify <planId>          walk every step's audit chain (needs APP_SECRET), exit 1 at the first broken link
  token create --name <who uses it> --unit <unitId> [--plan <planId>] [--expires <date>|<n>d]
  token list
  token revoke <id or name>
  (user, token and audit commands need DATABASE_URL)
options: --calendar <file>  extra calendar years (YAML/JSON, see README)`;

function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} cần một giá trị`);
  args.splice(i, 2);
  return v;
}
function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}
const dateArg = (v: string | undefined, what = 'ngày') => {
  if (!v || !isIsoDate(v)) throw new UsageError(`${what} phải là một ngày dạng YYYY-MM-DD${v ? `, không phải "${v}"` : ''}`);
  return v;
};
const out = (line: string | number | boolean) => process.stdout.write(`${line}\n`);

function calendarCommand(cmd: string | undefined, args: string[], cal: WorkingCalendar): number {
  switch (cmd) {
    case 'is-working-day':
      out(cal.isWorkingDay(dateArg(args[0])));
      return 0;
    case 'roll':
      out(cal.roll(dateArg(args[0])));
      return 0;
    case 'add': {
      const n = Number(args[1]);
      if (!/^-?\d+$/.test(args[1] ?? '') || Math.abs(n) > 100_000) throw new UsageError(`n phải là số ngày làm việc (số nguyên), không phải "${args[1] ?? ''}"`);
      out(cal.add(dateArg(args[0]), n));
      return 0;
    }
    case 'lunar-to-solar': {
      const leap = takeFlag(args, '--leap');
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(args[0] ?? '');
      if (!m) throw new UsageError('ngày âm lịch phải có dạng YYYY-MM-DD');
      try {
        out(lunarToSolar({ year: +m[1], month: +m[2], day: +m[3], leap }));
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        return 1;
      }
      return 0;
    }
    case 'solar-to-lunar': {
      const l = solarToLunar(dateArg(args[0]));
      out(`${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}${l.leap ? ' leap' : ''}`);
      return 0;
    }
    default:
      throw new UsageError(`không có lệnh calendar "${cmd ?? ''}"`);
  }
}

function readPlan(file: string | undefined): { file: string; text: string } {
  if (!file) throw new UsageError('cần tệp kế hoạch');
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (err) {
    throw new UsageError(`không đọc được ${file}: ${(err as Error).message}`);
  }
}

function planCommand(cmd: string | undefined, args: string[], cal: WorkingCalendar): number {
  switch (cmd) {
    case 'schema':
      out(JSON.stringify(planJsonSchema(), null, 2));
      return 0;
    case 'validate': {
      const { file, text } = readPlan(args[0]);
      const r = parsePlanFile(text, file, cal);
      for (const d of [...(r.ok ? [] : r.errors), ...r.warnings].sort((a, b) => a.line - b.line || a.col - b.col)) process.stderr.write(`${formatDiagnostic(d)}\n`);
      return r.ok ? 0 : 1;
    }
    case 'preview': {
      const json = takeFlag(args, '--json');
      const { file, text } = readPlan(args[0]);
      const r = parsePlanFile(text, file, cal);
      if (!r.ok) {
        r.errors.forEach((d) => process.stderr.write(`${formatDiagnostic(d)}\n`));
        return 1;
      }
      const preview = previewPlan(r.plan, cal);
      if (json) out(JSON.stringify({ plan: preview.plan, steps: preview.steps.map(({ period: _p, ...s }) => s) }));
      else printPreview(preview);
      return 0;
    }
    case 'clone': {
      const yearText = takeOption(args, '--year');
      const startText = takeOption(args, '--start');
      const target = takeOption(args, '-o');
      if (yearText !== undefined && !/^\d{4}$/.test(yearText)) throw new UsageError(`--year needs a year such as 2026, not "${yearText}"`);
      const { file, text } = readPlan(args[0]);
      const r = clonePlan(text, file, startText === undefined && yearText !== undefined ? undefined : dateArg(startText, '--start'), cal, yearText !== undefined ? { toYear: Number(yearText) } : {});
      if (!r.ok) {
        r.errors.forEach((d) => process.stderr.write(`${formatDiagnostic(d)}\n`));
        return 1;
      }
      r.warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
      if (target) writeFileSync(target, r.text);
      else process.stdout.write(r.text);
      return 0;
    }
    default:
      throw new UsageError(`không có lệnh plan "${cmd ?? ''}"`);
  }
}

function printPreview(p: PlanPreview) {
  const t = viLabels().timeline as Record<string, string>;
  const day = (d: string) => `${viWeekday(d)}, ${formatViDate(d)}`;
  out(`${p.plan}`);
  for (const s of p.steps) {
    const where = [s.unit, s.period ? `${t.monthOf} ${s.period.slice(5)}/${s.period.slice(0, 4)}` : null].filter(Boolean).join(' · ');
    out(`${s.id}${where ? ` (${where})` : ''} · ${s.assignee} · ${t.due} ${day(s.due)}`);
    for (const e of s.events) out(`    ${day(e.date).padEnd(22)} ${t[e.kind].padEnd(18)} → ${e.to}`);
  }
  if (p.triggered.length) out(`${t.triggered}: ${p.triggered.join(', ')}`);
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  try {
    const calFile = takeOption(args, '--calendar');
    const cal = WorkingCalendar.vietnam(calFile ? readCalendarFile(calFile) : []);
    const [group, cmd, ...rest] = args;
    if (group === 'calendar') return calendarCommand(cmd, rest, cal);
    if (group === 'plan' && cmd === 'import') {
      const target = takeOption(rest, '-o');
      const compare = takeOption(rest, '--compare');
      if (!rest[0]) throw new UsageError('cần văn bản kế hoạch (.docx hoặc .txt)');
      return await (await import('./plan-import.js')).planImportCommand(rest[0], target, compare, (line) => process.stderr.write(`${line}\n`));
    }
    if (group === 'plan') return planCommand(cmd, rest, cal);
    // Loaded only for user and token commands: the database layer is not needed for the calendar and plan files.
    if (group === 'user') return await (await import('./user-admin.js')).userCommand(cmd, rest, (name) => takeOption(rest, name), out);
    if (group === 'audit') return await (await import('./audit-admin.js')).auditCommand(cmd, rest, out, (line) => process.stderr.write(`${line}\n`));
    if (group === 'token') return await (await import('./token-admin.js')).tokenCommand(cmd, rest, (name) => takeOption(rest, name), out, (line) => process.stderr.write(`${line}\n`));
    throw new UsageError(group ? `không có lệnh "${group}"` : 'chưa có lệnh');
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && (err.name === 'UserUsageError' || err.name === 'TokenUsageError' || err.name === 'AuditUsageError'))) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
