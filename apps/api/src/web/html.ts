import { vi } from '../i18n/vi.js';
import { setViewsDevBanner } from './views.js';

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

let devBanner: Html | string = '';
/**
 * With APP_ACTOR_HEADER=on every page starts with a warning (set once at start by configureApiApp): anyone on the
 * server's own machine may act as any role.
 */
export function setDevBanner(on: boolean): void {
  setViewsDevBanner(on);
  devBanner = on ? html`<p class="dev-banner" role="alert" data-dev-banner>${vi.home.devBanner}</p>` : '';
}

export const page = (title: string, body: Html): string =>
  html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>
*{box-sizing:border-box}
body{font-family:system-ui,Arial,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;overflow-wrap:break-word}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
.b-completed_on_time{background:#d7f5dd}.b-completed_late{background:#fff1c2}.b-open_on_time{background:#e8eefc}.b-open_overdue{background:#fddede}
.b-awaiting{background:#ece4fa}.b-returned{background:#fde6d8}.b-cancelled{background:#eee}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}form{margin:.5rem 0;padding:.5rem;border:1px solid #ddd}
textarea,input,select,button{font:inherit;max-width:100%}textarea{width:100%}button{padding:.35rem .8rem;cursor:pointer}
.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}figure.chart{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}
.card{border:1px solid #ccc;border-left:.5rem solid #999;border-radius:4px;padding:.5rem .75rem;margin:.75rem 0}
.card h2{font-size:1.05rem;margin:.2rem 0}.card form{border:0;padding:0}
.card.b-completed_on_time{border-left-color:#2e9e4f}.card.b-completed_late{border-left-color:#d99a00}.card.b-open_on_time{border-left-color:#4a7fe0}
.card.b-open_overdue{border-left-color:#d64541}.card.b-awaiting{border-left-color:#8a63d2}.card.b-returned{border-left-color:#e8743b}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.9em}.kpis{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none}
.kpis li{border:1px solid #ddd;border-radius:4px;padding:.4rem .8rem}.kpis b{font-size:1.4rem;display:block}
.dev-banner{background:#fff3cd;border:2px solid #d97706;padding:.5rem .75rem;font-weight:600}
.error{color:#a00}.notice{color:#075}.muted{color:#666}
@media (max-width:40rem){body{padding:0 .5rem}table.stack thead,table.stack tr.head{display:none}table.stack tr{display:block;border-bottom:2px solid #ccc;padding:.25rem 0}
table.stack td{display:block;border:0;padding:.15rem .25rem}table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
</style></head><body>${devBanner}${body}</body></html>`.value;

/** Data for a page's script, as JSON in a non-executing script element (`<` escaped so it cannot close the element). */
export const jsonData = (id: string, value: unknown): Html =>
  new Html(`<script type="application/json" id="${id.replace(/[^\w-]/g, '')}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`);
