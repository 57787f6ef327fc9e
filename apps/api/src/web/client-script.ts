import { vi } from '../i18n/vi.js';
import { html, jsonData, type Html } from './html.js';

/** Where the pages load their one script from (a file of this site: the CSP allows no inline script). */
export const SCRIPT_PATH = '/assets/dondoc.js';

/**
 * The one script of the pages (writes carry the session's CSRF token, read once from /api/v1/me), served at SCRIPT_PATH (progressive enhancement over the JSON API, with the session
 * cookie); the CSP allows no inline script or event handler, so every page loads this file and it finds its forms:
 * - `form[data-submit]`: uploads each chosen file to …/files, then submits the note, the links and the file ids;
 * - `form[data-decide]`: approves, or returns with a reason — an empty reason is refused here, nothing is sent;
 * - `form[data-action]` (the step page): posts its one field, with the X-Dondoc-Actor header it names in development.
 * Messages come from vi.json, in the page's `dd-msg` data element; on success the page reloads to show the new state.
 */
export const SCRIPT = `(function () {
  var data = document.getElementById('dd-msg');
  var msg = data ? JSON.parse(data.textContent) : { codes: {} };
  function say(f, text, ok) {
    var p = f.querySelector('[data-out]');
    p.textContent = text;
    p.className = ok ? 'notice' : 'error';
    p.setAttribute('role', ok ? 'status' : 'alert');
  }
  async function explain(r) {
    var j = {};
    try { j = await r.json(); } catch (e) { j = {}; }
    if (r.status === 413) return msg.tooLarge;
    if (j.errors && j.errors.reason) return msg.reasonRequired;
    if (j.errors && j.errors.links) return msg.badLinks;
    if (j.errors && j.errors.note) return msg.noteRequired;
    return msg.codes[j.code] || msg.failed;
  }
  function busy(f, on) { f.querySelectorAll('button').forEach(function (b) { b.disabled = on; }); }
  var csrf = null;
  async function token() {
    if (csrf === null) {
      var me = await fetch('/api/v1/me', { credentials: 'same-origin' });
      csrf = me.ok ? ((await me.json()).csrfToken || '') : '';
    }
    return csrf;
  }
  async function post(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': await token() }, body: JSON.stringify(body) });
  }
  document.querySelectorAll('form[data-submit]').forEach(function (f) {
    f.addEventListener('submit', async function (e) {
      e.preventDefault();
      var api = f.getAttribute('data-submit');
      var note = f.elements.note.value.trim();
      if (!note) return say(f, msg.noteRequired);
      var links = f.elements.links.value.split(/\\s+/).filter(Boolean);
      if (links.some(function (l) { return !/^https?:\\/\\/\\S+$/i.test(l); })) return say(f, msg.badLinks);
      busy(f, true);
      try {
        var ids = [];
        var files = Array.prototype.slice.call(f.elements.files.files);
        for (var i = 0; i < files.length; i++) {
          say(f, msg.uploading.replace('{name}', files[i].name), true);
          var fd = new FormData();
          fd.append('file', files[i]);
          var up = await fetch(api + '/files', { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': await token() }, body: fd });
          if (!up.ok) return say(f, await explain(up));
          ids.push((await up.json()).id);
        }
        say(f, msg.sending, true);
        var r = await post(api + '/submission', { note: note, links: links, fileIds: ids });
        if (!r.ok) return say(f, await explain(r));
        say(f, msg.done, true);
        location.reload();
      } catch (err) {
        say(f, msg.failed);
      } finally {
        busy(f, false);
      }
    });
  });
  document.querySelectorAll('form[data-decide]').forEach(function (f) {
    f.addEventListener('submit', async function (e) {
      e.preventDefault();
      var api = f.getAttribute('data-decide');
      var reject = !!(e.submitter && e.submitter.value === 'reject');
      var text = f.elements.text.value.trim();
      if (reject && !text) return say(f, msg.reasonRequired);
      busy(f, true);
      try {
        var r = await post(api + (reject ? '/rejection' : '/approval'), reject ? { reason: text } : text ? { note: text } : {});
        if (!r.ok) return say(f, await explain(r));
        say(f, msg.done, true);
        location.reload();
      } catch (err) {
        say(f, msg.failed);
      } finally {
        busy(f, false);
      }
    });
  });
  document.querySelectorAll('form[data-action]').forEach(function (f) {
    f.addEventListener('submit', async function (e) {
      e.preventDefault();
      var body = {};
      body[f.dataset.field] = f.querySelector('textarea').value;
      var h = { 'content-type': 'application/json' };
      if (f.dataset.actor) h['x-dondoc-actor'] = f.dataset.actor;
      else h['x-csrf-token'] = await token();
      var r = await fetch(f.dataset.action, { method: 'POST', credentials: 'same-origin', headers: h, body: JSON.stringify(body) });
      if (r.ok) location.reload();
      else {
        var j = await r.json();
        alert(j.message + (j.errors ? '\\n' + Object.values(j.errors).join('\\n') : ''));
      }
    });
  });
})();
`;

/** The script element that loads SCRIPT_PATH, to put at the end of a page. */
export const scriptTag = (): Html => html`<script src="${SCRIPT_PATH}" defer></script>`;

/** The script with its Vietnamese messages, to put at the end of a page. */
export const staffScript = (): Html => html`${jsonData('dd-msg', vi.web.client)}${scriptTag()}`;
