// Structured logs (APP_LOG_FORMAT=json): one JSON object a line, for a log collector. The plan and step ids travel
// as fields of their own (`planId`, `stepId`) whenever the code that logs knows them — the step workflows log with
// them as metadata (workflows/src/step.workflow.ts), and the Temporal SDK adds the workflow and activity it runs.
// The default (text) stays the human one.
import type { LoggerService, LogLevel } from '@nestjs/common';

export interface JsonLogLine {
  time: string;
  level: string;
  msg: string;
  context?: string;
  planId?: string;
  stepId?: string;
  [field: string]: unknown;
}

/** One log line as JSON: the message, then the metadata's fields (plan and step ids first, errors as their message). */
export function jsonLogLine(level: string, message: unknown, meta: Record<string, unknown> = {}, time = new Date()): string {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) {
    if (v === undefined) continue;
    fields[k] = v instanceof Error ? v.message : typeof v === 'bigint' ? String(v) : v;
  }
  let msg: string;
  if (message && typeof message === 'object' && !(message instanceof Error)) {
    const { msg: m, message: mm, ...rest } = message as Record<string, unknown>;
    msg = String(m ?? mm ?? '');
    Object.assign(fields, rest);
  } else {
    msg = message instanceof Error ? (message.stack ?? message.message) : String(message);
  }
  const { planId, stepId, ...others } = fields;
  const line: JsonLogLine = {
    time: time.toISOString(),
    level: level.toLowerCase(),
    msg,
    ...(planId !== undefined ? { planId: String(planId) } : {}),
    ...(stepId !== undefined ? { stepId: String(stepId) } : {}),
    ...others,
  };
  try {
    return JSON.stringify(line);
  } catch {
    return JSON.stringify({ time: line.time, level: line.level, msg });
  }
}

/** Nest's logger in JSON: the context (the class that logs) as a field; an object message's fields spread. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly levels: LogLevel[],
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  private out(level: LogLevel, message: unknown, params: unknown[]) {
    if (!this.levels.includes(level)) return;
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const rest = context ? params.slice(0, -1) : params;
    const stack = level === 'error' && typeof rest[0] === 'string' ? rest[0] : undefined;
    this.write(jsonLogLine(level, message, { ...(context ? { context } : {}), ...(stack ? { stack } : {}) }));
  }

  log(message: unknown, ...params: unknown[]) {
    this.out('log', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.out('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.out('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.out('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.out('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.out('fatal', message, params);
  }
}
