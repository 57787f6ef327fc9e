import { Injectable } from '@nestjs/common';

/**
 * An answer kept as JSON text, split where its live field goes: `planNow` (the plan's current time, which moves every
 * millisecond while the rest of the answer holds for the whole tag) is written fresh into every answer sent.
 */
export interface KeptAnswer {
  head: string;
  tail: string | null;
  bytes: number;
}

const LIVE = '\u0000dondoc-plan-now\u0000';

/**
 * The status answers of the plans, as JSON text by entity tag: the tag already names everything an answer depends on
 * (the plan's roll-up version, which moves with every step change; its clock; today's plan date; the seat holders;
 * the query), so a repeated read under the same tag is sent without reading the steps or building the views again.
 * Bounded: a few answers per plan (one per query asked), a few plans, and a total size; the least recently read goes.
 */
@Injectable()
export class StatusAnswers {
  /** Plans in order of their last read, each with its answers by tag in the same order. */
  private readonly plans = new Map<string, Map<string, KeptAnswer>>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly maxPlans = 64,
    private readonly perPlan = 8,
  ) {}

  get size(): { plans: number; answers: number; bytes: number } {
    let answers = 0;
    for (const m of this.plans.values()) answers += m.size;
    return { plans: this.plans.size, answers, bytes: this.bytes };
  }

  /** The JSON text of the answer under `tag`, with `planNow` as given; built (and kept) when not kept. */
  async json(planId: string, tag: string, planNow: () => string | null, build: () => Promise<unknown>): Promise<string> {
    const kept = this.get(planId, tag) ?? this.keep(planId, tag, split(await build()));
    return kept.tail === null ? kept.head : `${kept.head}${JSON.stringify(planNow())}${kept.tail}`;
  }

  private get(planId: string, tag: string): KeptAnswer | undefined {
    const answers = this.plans.get(planId);
    const hit = answers?.get(tag);
    if (!answers || !hit) return undefined;
    this.plans.delete(planId);
    this.plans.set(planId, answers);
    answers.delete(tag);
    answers.set(tag, hit);
    return hit;
  }

  private keep(planId: string, tag: string, answer: KeptAnswer): KeptAnswer {
    if (answer.bytes > this.maxBytes / 4) return answer; // too large to keep: built every time, as before
    const answers = this.plans.get(planId) ?? new Map<string, KeptAnswer>();
    this.plans.delete(planId);
    this.plans.set(planId, answers);
    const old = answers.get(tag);
    if (old) this.bytes -= old.bytes;
    answers.set(tag, answer);
    this.bytes += answer.bytes;
    if (answers.size > this.perPlan) this.drop(answers, answers.keys().next().value!);
    while ((this.bytes > this.maxBytes || this.plans.size > this.maxPlans) && this.plans.size > 1) {
      const [oldest, its] = this.plans.entries().next().value!;
      for (const t of [...its.keys()]) this.drop(its, t);
      this.plans.delete(oldest);
    }
    return answer;
  }

  private drop(answers: Map<string, KeptAnswer>, tag: string): void {
    this.bytes -= answers.get(tag)?.bytes ?? 0;
    answers.delete(tag);
  }
}

/** The answer as JSON text, split at its top-level `planNow` when it has a live one. */
function split(body: unknown): KeptAnswer {
  const live = typeof body === 'object' && body !== null && typeof (body as { planNow?: unknown }).planNow === 'string';
  const text = JSON.stringify(live ? { ...(body), planNow: LIVE } : body);
  const bytes = text.length * 2;
  if (!live) return { head: text, tail: null, bytes };
  const at = text.indexOf(JSON.stringify(LIVE));
  return { head: text.slice(0, at), tail: text.slice(at + JSON.stringify(LIVE).length), bytes };
}
