/**
 * The console's page framework, imported as `opsconsole/pages`: what a module's console pages share so that each page
 * only fetches its data and renders it. A page written with it renders into light DOM (so the shell's `.ops-*` classes
 * apply), renders again when the language is switched, and shows loading, error and notice states the same way as
 * every other page.
 *
 * - `DataPage`, the base class of a page: it loads the page's data with `fetchData()` and shows it with
 *   `renderContent(data)`, runs actions with `act` and `confirmAndAct`, follows live events with `listen`, and loads
 *   the module's stylesheet named by `static stylesheet`.
 * - `EditableListPage`, a `DataPage` for a list whose items are created, changed and deleted in a form above it, as
 *   `static editing` describes.
 * - `confirmDialog(options)`, a modal confirmation `<ops-confirm-dialog>`, optionally asking for a required reason.
 * - `pageMessages(own)`, the page's texts on top of the shared ones (refresh, retry, save, cancel, …).
 * - `renderTable`, `renderField`, `formErrors`, `listOf`, `nameOf`, `toLocalInput`, `fromLocalInput` and
 *   `loadStylesheet`, and, from `opsconsole`, `api`, `hasPermission`, `lang`, `problemText` and the formatters.
 * - For a form of "a kind plus its settings" (a monitoring target's probe kind, a notification channel's type, a
 *   backup target's kind), whose settings the server describes as `SettingField`s: `settingValues` and
 *   `storedSecrets` (the form's start from the stored settings), `renderSettings` (the fields, with their errors named
 *   `settings.<name>` as the server names them) and `readSettings` (the request's settings and what the browser finds
 *   wrong with them); `EditableListPage` keeps them in `values.settings`, changes one with `setSetting` and starts them
 *   over for another kind with `resetSettings`.
 *
 * ```js
 * import { html } from 'lit';
 * import { DataPage, api, pageMessages, renderTable } from 'opsconsole/pages';
 *
 * const t = pageMessages({
 *   'zh-CN': { title: '备份', name: '名称', empty: '还没有备份' },
 *   en: { title: 'Backups', name: 'Name', empty: 'No backups yet' },
 * });
 *
 * class OpsBackupsPage extends DataPage {
 *   static stylesheet = new URL('backups.css', import.meta.url).href;
 *
 *   fetchData() {
 *     return api('/api/backups');
 *   }
 *
 *   renderPage() {
 *     return html`${this.renderHeader(t('title'), '')}${this.renderBody()}`;
 *   }
 *
 *   renderContent(backups) {
 *     return renderTable({ testid: 'backups', columns: [t('name')], items: backups, empty: t('empty'),
 *       row: (b) => html`<tr><td>${b.name}</td></tr>` });
 *   }
 * }
 * customElements.define('ops-backups-page', OpsBackupsPage);
 * ```
 *
 * The shell's import map names this module, so the browser holds one copy of it for all pages, and its custom element
 * is defined once. Its styles are the shell's (`shell.css`): `.ops-page-intro`, `.ops-form-card--wide`, `.ops-required`
 * and `.ops-dialog`, and for a page's form fields `.ops-form-grid` (fields side by side) and `.ops-fieldset` (a framed
 * group of fields with a `<legend>`).
 *
 * @module opsconsole/pages
 */
import { LitElement, html, nothing } from 'lit';
import {
  api, bilingual, fieldErrors, formatDateTime, formatDuration, formatNumber, hasPermission, lang, localized, messages,
  onConsoleEvent, problemText,
} from 'opsconsole';

/** The texts every page may use, by language. */
const SHARED = {
  'zh-CN': {
    refresh: '刷新',
    retry: '重试',
    loading: '正在加载…',
    loadFailed: '无法加载：{message}',
    actionFailed: '操作失败：{message}',
    checkFields: '请检查标出的字段。',
    cancel: '取消',
    confirm: '确定',
    save: '保存',
    saving: '正在保存…',
    edit: '编辑',
    delete: '删除',
    create: '新建',
    close: '关闭',
    required: '必填',
    reason: '原因',
    reasonRequired: '请填写原因',
    yes: '是',
    no: '否',
    none: '无',
    all: '全部',
    enabled: '启用',
    disabled: '已停用',
    colon: '：',
  },
  en: {
    refresh: 'Refresh',
    retry: 'Retry',
    loading: 'Loading…',
    loadFailed: 'Could not load: {message}',
    actionFailed: 'That did not work: {message}',
    checkFields: 'Please check the marked fields.',
    cancel: 'Cancel',
    confirm: 'OK',
    save: 'Save',
    saving: 'Saving…',
    edit: 'Edit',
    delete: 'Delete',
    create: 'New',
    close: 'Close',
    required: 'required',
    reason: 'Reason',
    reasonRequired: 'Please give a reason',
    yes: 'Yes',
    no: 'No',
    none: 'none',
    all: 'All',
    enabled: 'Enabled',
    disabled: 'Disabled',
    colon: ': ',
  },
};

/**
 * A translation function over the shared texts and a page's own ones (the page's win).
 *
 * @param {Object<string, Object<string, string|Object<string, *>>>} own the page's texts by language: texts, or
 *   objects of plural forms as `messages` of `opsconsole` takes them
 * @returns {(key: string, params?: Object<string, *>) => string} as `messages` of `opsconsole` makes it
 */
export function pageMessages(own) {
  const tables = {};
  for (const language of Object.keys(SHARED)) {
    tables[language] = { ...SHARED[language], ...(own[language] ?? {}) };
  }
  return messages(tables);
}

/** The shared texts alone, for the framework's own words. */
const t = pageMessages({});

function pad(n) {
  return String(n).padStart(2, '0');
}

/**
 * An ISO time as a `datetime-local` input's value, in the browser's (the console's) time zone.
 *
 * @param {string|number|Date|null|undefined} time the time
 * @returns {string} `YYYY-MM-DDTHH:mm`, `''` for no time
 */
export function toLocalInput(time) {
  if (time === null || time === undefined || time === '') {
    return '';
  }
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` input's value as an ISO-8601 UTC time.
 *
 * @param {string} value `YYYY-MM-DDTHH:mm`, read in the browser's time zone
 * @returns {string|null} the ISO time, null when the value is empty or no time
 */
export function fromLocalInput(value) {
  if (!value) {
    return null;
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}


/**
 * `<ops-confirm-dialog>`: a modal confirmation, optionally asking for a required reason. Use {@link confirmDialog}.
 */
class ConfirmDialog extends LitElement {
  static properties = {
    options: { attribute: false },
    _reason: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this.options = {};
    this._reason = '';
    this._error = null;
    this._resolve = () => {};
  }

  createRenderRoot() {
    return this;
  }

  /** Shows the dialog; the promise gives the reason (`''` without one) on confirmation and null on cancel. */
  open() {
    return new Promise((resolve) => {
      this._resolve = resolve;
      this.updateComplete.then(() => {
        const dialog = this.querySelector('dialog');
        dialog.showModal();
        (this.querySelector('[data-testid="dialog-reason"]') ?? this.querySelector('[data-testid="dialog-confirm"]'))?.focus();
      });
    });
  }

  _finish(value) {
    const resolve = this._resolve;
    this._resolve = () => {};
    this.querySelector('dialog')?.close();
    this.remove();
    resolve(value);
  }

  _submit(event) {
    event.preventDefault();
    if (this.options.reason && !this.options.reasonOptional && !this._reason.trim()) {
      this._error = t('reasonRequired');
      return;
    }
    this._finish(this.options.reason ? this._reason.trim() : '');
  }

  render() {
    const o = this.options;
    return html`
      <dialog class="ops-dialog" data-testid="dialog" aria-labelledby="ops-dialog-title"
          @cancel=${(e) => { e.preventDefault(); this._finish(null); }}>
        <form class="ops-form" novalidate @submit=${(e) => this._submit(e)}>
          <h2 class="ops-section-title" id="ops-dialog-title">${o.title}</h2>
          ${o.text ? html`<p>${o.text}</p>` : nothing}
          ${o.reason ? html`
            <div class="ops-field">
              <label class="ops-field__label" for="ops-dialog-reason">${o.reasonLabel ?? t('reason')}
                ${o.reasonOptional ? nothing : html`<span class="ops-required" aria-hidden="true">*</span>`}</label>
              ${o.reasonLine ? html`<input class="ops-input ops-input--block" id="ops-dialog-reason" maxlength="300" autocomplete="off"
                  data-testid="dialog-reason" aria-invalid=${String(Boolean(this._error))} .value=${this._reason}
                  @input=${(e) => { this._reason = e.target.value; this._error = null; }}>`
                : html`<textarea class="ops-input ops-input--block" id="ops-dialog-reason" rows="3" maxlength="500"
                  data-testid="dialog-reason" aria-invalid=${String(Boolean(this._error))} .value=${this._reason}
                  @input=${(e) => { this._reason = e.target.value; this._error = null; }}></textarea>`}
              ${this._error ? html`<div class="ops-field__error" role="alert">${this._error}</div>` : nothing}
            </div>` : nothing}
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ${o.danger ? 'ops-button--danger' : 'ops-button--primary'}"
                data-testid="dialog-confirm">${o.confirm ?? t('confirm')}</button>
            <button type="button" class="ops-button" data-testid="dialog-cancel" @click=${() => this._finish(null)}>${t('cancel')}</button>
          </div>
        </form>
      </dialog>`;
  }
}

if (!customElements.get('ops-confirm-dialog')) {
  customElements.define('ops-confirm-dialog', ConfirmDialog);
}

/**
 * Asks the user to confirm an action in a modal dialog, optionally with a reason: required, unless `reasonOptional`;
 * on one line (a name to type, say) with `reasonLine`, else in a text area.
 *
 * ```js
 * const reason = await confirmDialog({ title: '确认告警', reason: true, confirm: '确认' });
 * if (reason !== null) { ... }
 * ```
 *
 * @param {{title: string, text?: string, confirm?: string, danger?: boolean, reason?: boolean, reasonLabel?: string,
 *   reasonOptional?: boolean, reasonLine?: boolean}} options
 * @returns {Promise<string|null>} the reason (`''` when none was asked for) once confirmed, null when cancelled
 */
export function confirmDialog(options) {
  const dialog = document.createElement('ops-confirm-dialog');
  dialog.options = options;
  document.body.append(dialog);
  return dialog.open();
}

const stylesheets = new Set();

/**
 * Adds a stylesheet to the document once, however many pages ask for it.
 *
 * @param {string} href the stylesheet's URL
 */
export function loadStylesheet(href) {
  // keyed by file name: each page folder serves the same file under its own path
  const key = new URL(href, document.baseURI).pathname.split('/').pop();
  if (stylesheets.has(key) || document.querySelector(`link[data-ops-stylesheet="${CSS.escape(key)}"]`)) {
    stylesheets.add(key);
    return;
  }
  stylesheets.add(key);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.opsStylesheet = key;
  document.head.append(link);
}

/**
 * The base of a console page: light DOM (so the shell's `.ops-*` classes apply), the module's stylesheet, a render on
 * a language switch, and the load–show cycle. A page implements `fetchData()` (its data, from the API) and
 * `renderContent(data)`, and usually `renderPage()` (by default the body alone) with `renderHeader` and
 * `renderBody`; `load()` runs `fetchData` and keeps `data`, `loading` and `loadError`, dropping answers that a newer
 * load overtook. `act()` runs an action with a busy flag and puts its outcome in the page's notice. Live events
 * subscribed with `listen()` in `connectedCallback` are dropped when the page is left.
 */
export class DataPage extends LitElement {
  static properties = {
    data: { state: true },
    loading: { state: true },
    loadError: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  /**
   * The URL of the module's stylesheet, added to the document once when a page connects, or null for none; a module
   * names it relative to its own script: `static stylesheet = new URL('backups.css', import.meta.url).href;`.
   */
  static stylesheet = null;

  constructor() {
    super();
    this.data = null;
    this.loading = false;
    this.loadError = null;
    /** `{ok, text}` shown below the title, or null. */
    this.notice = null;
    /** The keys of the actions under way. */
    this.busy = new Set();
    this._requests = 0;
    this._offs = [];
    this._onLangChange = () => this.requestUpdate();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    const { stylesheet } = this.constructor;
    if (stylesheet) {
      loadStylesheet(stylesheet);
    }
    window.addEventListener('ops-lang-change', this._onLangChange);
    this.load();
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    for (const off of this._offs.splice(0)) {
      off();
    }
    super.disconnectedCallback();
  }

  /**
   * Follows a live event while the page is shown.
   *
   * @param {string} name the event name
   * @param {function(*): void} handler called with the event's data
   */
  listen(name, handler) {
    this._offs.push(onConsoleEvent(name, handler));
  }

  /** The page's data; implemented by each page. */
  async fetchData() {
    return null;
  }

  /**
   * Loads the page's data again.
   *
   * @param {{quiet?: boolean}} [options] quiet keeps the current data on screen without the loading text
   */
  async load({ quiet = false } = {}) {
    const request = ++this._requests;
    if (!quiet) {
      this.loading = true;
    }
    try {
      const data = await this.fetchData();
      if (request === this._requests) {
        this.data = data;
        this.loadError = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error(`opsconsole: ${this.localName} could not load its data`, error);
        this.loadError = error;
      }
    } finally {
      if (request === this._requests) {
        this.loading = false;
      }
    }
  }

  /**
   * Runs an action: marks `key` busy, shows `success` (text or function of the result) or the error as the notice.
   *
   * @param {string} key the action's key, for `isBusy`
   * @param {function(): Promise<*>} action the action
   * @param {string|function(*): string} [success] the text to show when it worked
   * @returns {Promise<{ok: boolean, result?: *, error?: *}>} how it went
   */
  async act(key, action, success) {
    this._setBusy(key, true);
    this.notice = null;
    try {
      const result = await action();
      if (success) {
        this.notice = { ok: true, text: typeof success === 'function' ? success(result) : success };
      }
      return { ok: true, result };
    } catch (error) {
      this.notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
      return { ok: false, error };
    } finally {
      this._setBusy(key, false);
    }
  }

  /**
   * Asks first (see {@link confirmDialog}), then runs the action as `act` does and, when it worked, calls `done` and
   * loads the page's data again, quietly.
   *
   * @param {{dialog: Object, key: string, action: function(string): Promise<*>, success?: string|function(*): string,
   *   done?: function(): void}} spec the action is called with the dialog's reason (`''` when none was asked for)
   * @returns {Promise<{ok: boolean, result?: *, error?: *}|null>} how it went, null when the user cancelled
   */
  async confirmAndAct({ dialog, key, action, success, done = () => {} }) {
    const reason = await confirmDialog(dialog);
    if (reason === null) {
      return null;
    }
    const outcome = await this.act(key, () => action(reason), success);
    if (outcome.ok) {
      done();
      this.load({ quiet: true });
    }
    return outcome;
  }

  /**
   * @param {string} key an action's key
   * @returns {boolean} whether the action runs
   */
  isBusy(key) {
    return this.busy.has(key);
  }

  _setBusy(key, on) {
    const next = new Set(this.busy);
    if (on) {
      next.add(key);
    } else {
      next.delete(key);
    }
    this.busy = next;
  }

  /**
   * The page's title, intro, tool buttons (with Refresh) and notice.
   *
   * @param {string} title the `<h1>`
   * @param {string} intro the text below it, or `''`
   * @param {*} [tools] more toolbar content, before Refresh
   * @returns {import('lit').TemplateResult} the header
   */
  renderHeader(title, intro, tools = nothing) {
    return html`
      <h1 class="ops-page-title">${title}</h1>
      ${intro ? html`<p class="ops-muted ops-page-intro">${intro}</p>` : nothing}
      <div class="ops-toolbar">
        ${tools}
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" data-testid="refresh" ?disabled=${this.loading}
            @click=${() => this.load()}>${t('refresh')}</button>
      </div>
      ${this.renderNotice()}`;
  }

  /** The notice of the last action, if any. */
  renderNotice() {
    const n = this.notice;
    return n ? html`
      <p class="ops-notice ${n.ok ? 'ops-notice--ok' : 'ops-notice--warn'} ops-page-message" role=${n.ok ? 'status' : 'alert'}
          data-testid="notice">${n.text}</p>` : nothing;
  }

  render() {
    return html`${this.renderPage()}`;
  }

  /**
   * What shows while there is no data: the loading text or the load error with Retry; else `renderContent(data)`.
   *
   * @returns {*} the body of the page
   */
  renderBody() {
    return html`
      ${this.loadError ? html`
        <div class="ops-error" role="alert" data-testid="load-error">
          <strong>${t('loadFailed', { message: problemText(this.loadError) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this.load()}>${t('retry')}</button></p>
        </div>` : nothing}
      ${this.data === null
        ? (this.loadError ? nothing : html`<p class="ops-empty" role="status" data-testid="loading">${t('loading')}</p>`)
        : this.renderContent(this.data)}`;
  }

  /** The whole page; by default the body alone. */
  renderPage() {
    return this.renderBody();
  }

  /** The page's content for its data; implemented by each page. */
  renderContent() {
    return nothing;
  }
}

/**
 * A list page whose items a permitted user creates, changes and deletes in a form above the list (such as
 * monitoring's alert rules, targets and silences). Besides `fetchData` and `renderContent`, a page declares what it
 * edits in `static editing` and implements `formValues(item)` (the form's values for an item, or for a new one when
 * null), `formBody(form)` (the request body, and the errors the browser finds itself) and `renderForm(form)` (its
 * fields in `renderFormCard`).
 *
 * The page then has the New button, the read-only notice and the form above its list; `openForm(item)` and
 * `closeForm()`; `setValue(field, value)`, which drops the field's errors; `saveForm(event)`, which `POST`s a new item or
 * `PUT`s a changed one and shows the server's field errors; `deleteItem(item)`, which asks first; and
 * `#/<route>/edit/<id>` opening an item's form once the list is there. The open form, `_form`, is
 * `{item (null for a new one), values, errors (by field), error (above the form), busy}`.
 */
export class EditableListPage extends DataPage {
  static properties = {
    _form: { state: true },
  };

  /**
   * What the page edits: `t` its texts (with `title`, `intro`, `saved`, and for deleting `deleteTitle`, `deleteText`
   * and `deleted`, these with `{name}`, and `notFound` with `{id}`); `prefix` the item's word in ids and test ids
   * (`rule`: `new-rule`, `rule-form`, `rule-name`, `ops-rule-name`, `save-rule`, …); `api` the module API's root (e.g.
   * `/api/monitoring`) and `collection` the items' path below it (`rules`); `permission` the one a user needs to edit;
   * `newText` the key of the New button's text; `readOnly` the key of the notice for the others, or null for none;
   * `route` the page's route, whose `/edit/<id>` opens an item's form, or null.
   */
  static editing = {};

  constructor() {
    super();
    this._form = null;
    this._onHashChange = () => this.openFromHash();
  }

  connectedCallback() {
    super.connectedCallback();
    if (this._editing.route) {
      window.addEventListener('hashchange', this._onHashChange);
    }
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    super.disconnectedCallback();
  }

  get _editing() {
    return this.constructor.editing;
  }

  /** Whether the user may create, change and delete the items. */
  mayEdit() {
    return hasPermission(this._editing.permission);
  }

  updated(changed) {
    super.updated(changed);
    if (changed.has('data') && this.data) {
      this.openFromHash();
    }
  }

  /** `#/<route>/edit/<id>` opens that item's form once the items are there. */
  openFromHash() {
    const { route, t: pt } = this._editing;
    const match = route ? new RegExp(`^#/${route}/edit/([^/?]+)`).exec(window.location.hash) : null;
    if (!match || !this.data) {
      return;
    }
    const id = decodeURIComponent(match[1]);
    const item = this.data.find((x) => String(x.id) === id);
    if (!item) {
      this.notice = { ok: false, text: pt('notFound', { id }) };
    } else if (String(this._form?.item?.id) !== id) {
      this.openForm(item);
    }
  }

  /** The form's values for an item, or for a new one (null); implemented by each page. */
  formValues() {
    return {};
  }

  /**
   * The request body for the form, and the errors the browser finds itself; implemented by each page.
   *
   * @returns {{body: Object, errors: Object<string, string[]>}}
   */
  formBody() {
    return { body: {}, errors: {} };
  }

  /** The notice once an item was saved. */
  savedText(saved, body) {
    return this._editing.t('saved', { name: saved?.name ?? body.name });
  }

  /** The address of the items in the API, where a new one is `POST`ed. */
  collectionUrl() {
    return `${this._editing.api}/${this._editing.collection}`;
  }

  /** The item's address in the API. */
  itemUrl(item) {
    return `${this.collectionUrl()}/${encodeURIComponent(item.id)}`;
  }

  /** Opens the form for an item, or for a new one (null), and puts the focus in its name. */
  openForm(item) {
    this.notice = null;
    this._form = { item, values: this.formValues(item), errors: {}, error: null, busy: false };
    this.updateComplete.then(() => this.querySelector(`#ops-${this._editing.prefix}-name`)?.focus());
  }

  /** Closes the form, and leaves an edit link's route. */
  closeForm() {
    const { route } = this._editing;
    this._form = null;
    if (route && window.location.hash.startsWith(`#/${route}/`)) {
      history.replaceState(null, '', `#/${route}`);
    }
  }

  /** Changes a value of the form and drops the errors of its field. */
  setValue(field, value) {
    const errors = { ...this._form.errors };
    delete errors[field];
    this._form = { ...this._form, values: { ...this._form.values, [field]: value }, errors };
  }

  /** Changes a setting of the form's kind (in `values.settings`, see {@link renderSettings}) and drops its errors. */
  setSetting(name, value) {
    const errors = { ...this._form.errors };
    delete errors[`settings.${name}`];
    const values = this._form.values;
    this._form = { ...this._form, values: { ...values, settings: { ...values.settings, [name]: value } }, errors };
  }

  /** Starts the form's settings over for another kind (see {@link settingValues}), dropping the old ones' errors. */
  resetSettings(fields) {
    const errors = Object.fromEntries(Object.entries(this._form.errors)
      .filter(([field]) => field !== 'settings' && !field.startsWith('settings.')));
    this._form = { ...this._form, values: { ...this._form.values, settings: settingValues(fields, null) }, errors };
  }

  /** Saves the form's item, or shows what is wrong with it. */
  async saveForm(event) {
    event.preventDefault();
    const form = this._form;
    const { body, errors } = this.formBody(form);
    if (Object.keys(errors).length) {
      this._form = { ...form, errors, error: t('checkFields') };
      return;
    }
    this._form = { ...form, busy: true, error: null };
    try {
      const saved = form.item
        ? await api(this.itemUrl(form.item), { method: 'PUT', json: body })
        : await api(this.collectionUrl(), { method: 'POST', json: body });
      this.closeForm();
      this.notice = { ok: true, text: this.savedText(saved, body) };
      this.load({ quiet: true });
    } catch (error) {
      const problem = formErrors(error);
      this._form = { ...this._form, busy: false, errors: problem.errors, error: problem.text };
    }
  }

  /** Deletes an item once the user confirmed it. */
  async deleteItem(item) {
    const pt = this._editing.t;
    await this.confirmAndAct({
      dialog: { title: pt('deleteTitle', { name: item.name }), text: pt('deleteText'), confirm: t('delete'), danger: true },
      key: `delete-${item.id}`,
      action: () => api(this.itemUrl(item), { method: 'DELETE' }),
      success: pt('deleted', { name: item.name }),
      done: () => {
        if (this._form?.item?.id === item.id) {
          this.closeForm();
        }
      },
    });
  }

  renderPage() {
    const { t: pt, prefix, newText, readOnly } = this._editing;
    const mayEdit = this.mayEdit();
    const tools = mayEdit ? html`
      <button type="button" class="ops-button ops-button--primary" data-testid="new-${prefix}" ?disabled=${this._form !== null}
          @click=${() => this.openForm(null)}>${pt(newText)}</button>` : nothing;
    return html`
      ${this.renderHeader(pt('title'), pt('intro'), tools)}
      ${mayEdit || !readOnly ? nothing : html`<p class="ops-notice" data-testid="read-only">${pt(readOnly)}</p>`}
      ${this._form && mayEdit ? this.renderForm(this._form) : nothing}
      ${this.renderBody()}`;
  }

  /** The form's card; implemented by each page with `renderFormCard`. */
  renderForm() {
    return nothing;
  }

  /**
   * The form's card: its title, error, fields and buttons (Save, the page's own, Cancel).
   *
   * @param {{title: *, fields: *, before?: *, buttons?: *, saveText?: string, cls?: string}} spec `before` shows
   *   above the error, `cls` is the card's own class
   * @returns {import('lit').TemplateResult} the card
   */
  renderFormCard({ title, fields, before = nothing, buttons = nothing, saveText = t('save'), cls = 'ops-form-card--wide' }) {
    const form = this._form;
    const { prefix } = this._editing;
    return html`
      <section class="ops-card ops-form-card ${cls}" data-testid="${prefix}-form" aria-labelledby="ops-${prefix}-form-title">
        <h2 class="ops-section-title ops-form-card__title" id="ops-${prefix}-form-title">${title}</h2>
        ${before}
        ${form.error ? html`<p class="ops-error ops-form__error" role="alert" data-testid="form-error">${form.error}</p>` : nothing}
        <form class="ops-form ops-form--wide" novalidate @submit=${(e) => this.saveForm(e)}>
          ${fields}
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ops-button--primary" data-testid="save-${prefix}" ?disabled=${form.busy}>
              ${form.busy ? t('saving') : saveText}</button>
            ${buttons}
            <button type="button" class="ops-button" data-testid="cancel-${prefix}" @click=${() => this.closeForm()}>${t('cancel')}</button>
          </div>
        </form>
      </section>`;
  }

  /** A text input of the form (`type` as the input's, `inputmode` for the on-screen keyboard, `mono` for names). */
  renderInput(field, label, { required = false, hint = '', type = 'text', inputmode = '', mono = false } = {}) {
    const { prefix } = this._editing;
    const v = this._form.values;
    return renderField({
      id: `ops-${prefix}-${field}`, name: field, label, required, hint, errors: this._form.errors[field] ?? [],
      control: (a) => html`<input class="ops-input ops-input--block ${mono ? 'ops-mono' : ''}" id=${a.id} type=${type}
          inputmode=${inputmode || nothing} data-testid="${prefix}-${field}" .value=${v[field]} aria-invalid=${a.invalid}
          aria-describedby=${a.describedBy} @input=${(e) => this.setValue(field, e.target.value)}>`,
    });
  }

  /** A choice of the form, from `[value, text]` options. */
  renderSelect(field, label, options, { hint = '' } = {}) {
    const { prefix } = this._editing;
    const v = this._form.values;
    return renderField({
      id: `ops-${prefix}-${field}`, name: field, label, hint, errors: this._form.errors[field] ?? [],
      control: (a) => html`<select class="ops-input ops-input--block" id=${a.id} data-testid="${prefix}-${field}" aria-invalid=${a.invalid}
          aria-describedby=${a.describedBy} @change=${(e) => this.setValue(field, e.target.value)}>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${String(v[field]) === String(value)}>${text}</option>`)}
      </select>`,
    });
  }

  /** A yes/no value of the form as a checkbox. */
  renderCheckbox(field, label) {
    return html`<label class="ops-check"><input type="checkbox" data-testid="${this._editing.prefix}-${field}"
        .checked=${Boolean(this._form.values[field])} @change=${(e) => this.setValue(field, e.target.checked)}><span>${label}</span></label>`;
  }

  /** The Edit and (unless `deletable` is false) Delete buttons of an item's row. */
  renderRowActions(item, { deletable = true } = {}) {
    const { prefix } = this._editing;
    return html`<td><span class="ops-actions">
      <button type="button" class="ops-button ops-button--small" data-testid="edit-${prefix}" @click=${() => this.openForm(item)}>${t('edit')}</button>
      ${deletable ? html`<button type="button" class="ops-button ops-button--small ops-button--danger" data-testid="delete-${prefix}"
          ?disabled=${this.isBusy(`delete-${item.id}`)} @click=${() => this.deleteItem(item)}>${t('delete')}</button>` : nothing}
    </span></td>`;
  }
}

/**
 * An API answer that should be a list, as one: anything else is an empty list.
 *
 * @param {*} value the answer
 * @returns {Array<*>} the list
 */
export function listOf(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * The name of the item with an id, `#<id>` when it is not there.
 *
 * @param {Array<{id: *, name: string}>} items the items, e.g. the targets
 * @param {*} id the id
 * @returns {string} its name
 */
export function nameOf(items, id) {
  return items.find((x) => String(x.id) === String(id))?.name ?? `#${id}`;
}

/**
 * A table with a header row, its rows, and a row with the empty text when there are none.
 *
 * @param {{testid: string, columns: Array<string|{title: string, cls?: string}>, items: Array<*>,
 *   empty: string, row: function(*): import('lit').TemplateResult}} spec the table
 * @returns {import('lit').TemplateResult} the table in its scrolling wrapper
 */
export function renderTable({ testid, columns, items, empty, row }) {
  return html`
    <div class="ops-table-wrap">
      <table class="ops-table" data-testid=${testid}>
        <thead><tr>${columns.map((c) => (typeof c === 'string'
          ? html`<th scope="col">${c}</th>` : html`<th scope="col" class=${c.cls ?? ''}>${c.title}</th>`))}</tr></thead>
        <tbody>
          ${items.length === 0
            ? html`<tr><td class="ops-empty" colspan=${columns.length} data-testid="${testid}-empty">${empty}</td></tr>`
            : items.map(row)}
        </tbody>
      </table>
    </div>`;
}

/**
 * A form field: its label, control, hint and error messages, wired for assistive technology.
 *
 * @param {{id: string, label: string, required?: boolean, hint?: string, errors?: string[], control:
 *   function(Object): import('lit').TemplateResult, name?: string}} spec the control is called with the attributes
 *   `{id, invalid, describedBy}` to put on the input
 * @returns {import('lit').TemplateResult} the field
 */
export function renderField({ id, label, required = false, hint = '', errors = [], control, name = '' }) {
  const notes = fieldNotes(id, name || id, hint, errors);
  return html`
    <div class="ops-field" data-field=${name || id}>
      <label class="ops-field__label" for=${id}>${label}${required
        ? html`<span class="ops-required" title=${t('required')}>*</span>` : nothing}</label>
      ${control({ id, invalid: notes.invalid, describedBy: notes.describedBy })}
      ${notes.html}
    </div>`;
}

/** A field's hint and error messages, and the attributes that point its control to them. */
function fieldNotes(id, name, hint, errors) {
  const invalid = errors.length > 0;
  return {
    invalid: String(invalid),
    describedBy: [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing,
    html: html`
      ${hint ? html`<span class="ops-field__hint" id="${id}-hint">${hint}</span>` : nothing}
      ${invalid ? html`<div class="ops-field__error" id="${id}-error" data-error=${name}>
        ${errors.map((m) => html`<span>${m}</span>`)}</div>` : nothing}`,
  };
}

/**
 * Field errors of a failed save, and the text to show above the form.
 *
 * @param {*} error what `api` threw
 * @returns {{errors: Object<string, string[]>, text: string}} errors by field and the form's message
 */
export function formErrors(error) {
  const errors = fieldErrors(error);
  const named = Object.keys(errors).filter((k) => k !== '');
  return { errors, text: named.length ? t('checkFields') : problemText(error) };
}

/** The words of a kind's settings, by language. */
const settingsText = messages({
  'zh-CN': {
    settings: '设置',
    secretSet: '已设置',
    secretNotSet: '未设置',
    secretKeep: '留空则保留已保存的值',
    emailsHint: '多个地址用逗号分隔',
    required: '必填',
    tooLong: '最多 {n} 个字符',
    badUrl: '须为以 http:// 或 https:// 开头的完整地址',
    badNumber: '须为整数',
    badEmail: '不是有效的电子邮件地址：{address}',
  },
  en: {
    settings: 'Settings',
    secretSet: 'Set',
    secretNotSet: 'Not set',
    secretKeep: 'Leave empty to keep the stored value',
    emailsHint: 'Separate addresses with commas',
    required: 'Required',
    tooLong: 'At most {n} characters',
    badUrl: 'Must be a full address starting with http:// or https://',
    badNumber: 'Must be a whole number',
    badEmail: 'Not a valid e-mail address: {address}',
  },
});

/** The longest value of a setting, as `SettingValues.MAX_VALUE`. */
const SETTING_MAX = 2000;
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;
const WHOLE_NUMBER = /^-?\d{1,18}$/;
const EMAIL = /^[^@\s,;<>()[\]"]+@[^@\s,;<>()[\]"]+\.[^@\s,;<>()[\]"]+$/;
const EMAIL_SEPARATOR = /[,;\s]+/;

/**
 * A setting of a kind, as the kinds endpoints describe a `SettingField` (`org.opsconsole.api.notify.SettingField`).
 *
 * @typedef {Object} SettingField
 * @property {string} name the key in the settings, e.g. `url`
 * @property {string|Object<string, string>} label the label in Chinese, or the labels by language
 * @property {string} [labelEn] the label in English, beside a Chinese `label`
 * @property {'TEXT'|'URL'|'SECRET'|'NUMBER'|'BOOLEAN'|'EMAILS'} kind how it is edited; a secret is never shown again
 * @property {boolean} required whether the kind cannot work without it
 * @property {string} [hint] an example or explanation (`中文 / English`, or Chinese only)
 */

/** A setting's label in the current language, else its name. */
function settingLabel(field) {
  const label = field.label !== null && typeof field.label === 'object'
    ? localized(field.label) : localized({ 'zh-CN': field.label, en: field.labelEn || field.label });
  return label || field.name;
}

/**
 * The form's values of a kind's settings: each field's stored text, `''` for a secret (never shown again) and for
 * one not stored, `'false'` for a yes/no not stored.
 *
 * @param {SettingField[]} fields the kind's fields
 * @param {Object<string, *>|null|undefined} stored the stored settings as the API shows them (a secret as
 *   `{"set": true}`), or null for a new item
 * @returns {Object<string, string>} the values by field name, for {@link renderSettings} and {@link readSettings}
 */
export function settingValues(fields, stored) {
  const values = {};
  for (const field of fields) {
    const value = stored?.[field.name];
    const shown = field.kind !== 'SECRET' && value !== null && value !== undefined && typeof value !== 'object';
    values[field.name] = shown ? String(value) : field.kind === 'BOOLEAN' ? 'false' : '';
  }
  return values;
}

/**
 * The names of the secrets stored, from settings as the API shows them (a stored secret as `{"set": true}`).
 *
 * @param {Object<string, *>|null|undefined} stored the stored settings
 * @returns {string[]} the names
 */
export function storedSecrets(stored) {
  return Object.entries(stored ?? {}).filter(([, value]) => value?.set === true).map(([name]) => name);
}

/**
 * A kind's settings as form fields in a framed group, or nothing for a kind without settings. Each field shows its
 * label (with the required mark), its hint and its errors (`errors['settings.<name>']`, as the server names them in a
 * problem's `errors`; `errors.settings` above all of them); a yes/no is a checkbox, a secret a password input that is
 * never filled: when one is stored its label says so and left empty it keeps it. The input of setting `<name>` is
 * `#ops-<prefix>-setting-<name>`, with the name `settings.<name>` and the test id `setting-<name>`; the group's test
 * id is `<prefix>-settings`.
 *
 * ```js
 * renderSettings(kind.fields, form.values.settings, {
 *   prefix: 'target', errors: form.errors, secrets: form.item ? storedSecrets(form.item.settings) : null,
 *   onInput: (name, value) => this.setSetting(name, value),
 * })
 * ```
 *
 * @param {SettingField[]} fields the kind's fields
 * @param {Object<string, string>} values the values by field name (see {@link settingValues})
 * @param {{prefix: string, errors?: Object<string, string[]>, secrets?: Iterable<string>|null, legend?: string,
 *   onInput: function(string, string): void}} options `prefix` the item's word in ids (`target`, `channel`);
 *   `secrets` the names of the secrets the item has stored, null for a new item (no secret has a state to show);
 *   `legend` the group's title (by default "Settings"); `onInput` is called with a field's name and its new value
 *   (`'true'` or `'false'` for a yes/no)
 * @returns {*} the fields
 */
export function renderSettings(fields, values, { prefix, errors = {}, secrets = null, legend = settingsText('settings'), onInput }) {
  if (!fields?.length) {
    return nothing;
  }
  const stored = secrets === null ? null : new Set(secrets);
  const whole = errors.settings ?? [];
  return html`
    <fieldset class="ops-fieldset ops-form" data-testid="${prefix}-settings">
      <legend class="ops-field__label">${legend}</legend>
      ${whole.length ? html`<div class="ops-field__error" data-error="settings">${whole.map((m) => html`<span>${m}</span>`)}</div>` : nothing}
      ${fields.map((field) => renderSetting(field, values[field.name] ?? '', {
        id: `ops-${prefix}-setting-${field.name}`, errors: errors[`settings.${field.name}`] ?? [], stored, onInput,
      }))}
    </fieldset>`;
}

function renderSetting(field, value, { id, errors, stored, onInput }) {
  const name = `settings.${field.name}`;
  const label = settingLabel(field);
  const hint = bilingual(field.hint) || (field.kind === 'EMAILS' ? settingsText('emailsHint') : '');
  if (field.kind === 'BOOLEAN') {
    const notes = fieldNotes(id, name, hint, errors);
    return html`
      <div class="ops-field" data-field=${name}>
        <label class="ops-check"><input type="checkbox" id=${id} name=${name} data-testid="setting-${field.name}"
            .checked=${value === 'true'} aria-invalid=${notes.invalid} aria-describedby=${notes.describedBy}
            @change=${(e) => onInput(field.name, e.target.checked ? 'true' : 'false')}><span>${label}</span></label>
        ${notes.html}
      </div>`;
  }
  const secret = field.kind === 'SECRET';
  const secretSet = secret && stored !== null && stored.has(field.name);
  return renderField({
    id, name, hint, errors, required: field.required && !secretSet,
    label: secret && stored !== null
      ? html`${label} <span class="ops-badge ${secretSet ? 'ops-badge--ok' : 'ops-badge--muted'}" data-testid="secret-state">
          ${secretSet ? settingsText('secretSet') : settingsText('secretNotSet')}</span>` : label,
    control: (a) => html`<input class="ops-input ops-input--block ${['URL', 'NUMBER', 'SECRET'].includes(field.kind) ? 'ops-mono' : ''}"
        id=${a.id} name=${name} type=${secret ? 'password' : field.kind === 'URL' ? 'url' : 'text'} maxlength=${SETTING_MAX}
        inputmode=${field.kind === 'NUMBER' ? 'numeric' : field.kind === 'EMAILS' ? 'email' : nothing}
        autocomplete=${secret ? 'new-password' : 'off'} spellcheck="false" autocapitalize="none"
        placeholder=${secretSet ? settingsText('secretKeep') : nothing} data-testid="setting-${field.name}"
        .value=${value} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
        @input=${(e) => onInput(field.name, e.target.value)}>`,
  });
}

/**
 * The settings to send for a kind's form, and what the browser finds wrong with them (the server checks everything
 * again, with the same words): every plain setting trimmed, also when empty (which clears it); a secret as typed, and
 * only when one was typed (left empty, the stored one stays).
 *
 * @param {SettingField[]} fields the kind's fields
 * @param {Object<string, string>} values the form's values by field name
 * @param {Iterable<string>|null} [secrets] the names of the secrets the item has stored, null for a new item
 * @returns {{settings: Object<string, string>, errors: Object<string, string[]>}} the request's settings, and the
 *   errors by field named `settings.<name>`
 */
export function readSettings(fields, values, secrets = null) {
  const stored = new Set(secrets ?? []);
  const settings = {};
  const errors = {};
  for (const field of fields) {
    const key = `settings.${field.name}`;
    const typed = String(values[field.name] ?? '');
    const value = field.kind === 'SECRET' ? typed : typed.trim();
    const error = settingError(field, value, stored.has(field.name));
    if (error) {
      errors[key] = [error];
    }
    if (field.kind !== 'SECRET' || value.trim() !== '') {
      settings[field.name] = value;
    }
  }
  return { settings, errors };
}

/** What is wrong with a setting's value, as `SettingValues.check` says it; null when nothing is. */
function settingError(field, value, secretStored) {
  if (value.trim() === '') {
    return field.required && field.kind !== 'BOOLEAN' && !secretStored ? settingsText('required') : null;
  }
  if (value.length > SETTING_MAX) {
    return settingsText('tooLong', { n: SETTING_MAX });
  }
  switch (field.kind) {
    case 'URL':
      return HTTP_URL.test(value) ? null : settingsText('badUrl');
    case 'NUMBER':
      return WHOLE_NUMBER.test(value) ? null : settingsText('badNumber');
    case 'EMAILS': {
      const bad = value.split(EMAIL_SEPARATOR).find((address) => address && !EMAIL.test(address));
      return bad ? settingsText('badEmail', { address: bad }) : null;
    }
    default:
      return null;
  }
}

export { api, formatDateTime, formatDuration, formatNumber, hasPermission, lang, problemText };
