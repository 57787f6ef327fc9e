/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}
const escape = (v: unknown): string =>
  v instanceof Html ? v.value : Array.isArray(v) ? v.map(escape).join('') : String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const html = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? escape(values[i]) : ''), ''));

export const page = (title: string, body: Html): string =>
  html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>
body{font-family:system-ui,Arial,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
.b-completed_on_time{background:#d7f5dd}.b-completed_late{background:#fff1c2}.b-open_on_time{background:#e8eefc}.b-open_overdue{background:#fddede}
nav a{margin-right:1rem}form{margin:.5rem 0;padding:.5rem;border:1px solid #ddd}textarea{width:100%}
</style></head><body>${body}</body></html>`.value;
