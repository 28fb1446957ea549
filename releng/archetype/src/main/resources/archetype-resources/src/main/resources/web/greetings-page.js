/**
 * `<${module}-greetings-page>`: the Greetings page (问候) of the ${module} extension. The newest greetings from
 * `GET /api/${module}/greetings`, and for users with `${module}.operate` a form that leaves one
 * (`POST /api/${module}/greetings`), showing the server's field errors next to the field.
 *
 * The console's shell loads this ES module from the extension's own bundle (its `web/` folder) and creates the
 * element when the page is opened. It may import `lit` and `opsconsole` (the shell's helpers) by name; nothing is
 * built or bundled.
 */
import { LitElement, html, nothing } from 'lit';
import { api, fieldErrors, formatDateTime, hasPermission, messages, problemText } from 'opsconsole';

const ELEMENT = '${module}-greetings-page';
const GREETINGS_URL = '/api/${module}/greetings';
const OPERATE = '${module}.operate';
#[[
const MAX_TEXT = 200;

const t = messages({
  'zh-CN': {
    title: '问候',
    intro: '这是由扩展模板生成的示例页面：列出最近的问候，并可留下新的问候。',
    loading: '正在加载…',
    loadFailed: '无法加载问候：{message}',
    retry: '重试',
    empty: '还没有问候。',
    text: '问候',
    createdBy: '留言人',
    createdAt: '时间',
    leave: '留下问候',
    sending: '正在保存…',
    saved: '已保存。',
    saveFailed: '无法保存：{message}',
    required: '必填',
    tooLong: '最多 {n} 个字符',
  },
  en: {
    title: 'Greetings',
    intro: 'An example page made by the extension template: the latest greetings, and a form to leave one.',
    loading: 'Loading…',
    loadFailed: 'The greetings could not be loaded: {message}',
    retry: 'Retry',
    empty: 'No greetings yet.',
    text: 'Greeting',
    createdBy: 'From',
    createdAt: 'Time',
    leave: 'Leave a greeting',
    sending: 'Saving…',
    saved: 'Saved.',
    saveFailed: 'The greeting could not be saved: {message}',
    required: 'Required',
    tooLong: 'At most {n} characters',
  },
});

class GreetingsPage extends LitElement {
  static properties = {
    _greetings: { state: true },
    _error: { state: true },
    _text: { state: true },
    _fieldError: { state: true },
    _notice: { state: true },
    _busy: { state: true },
  };

  constructor() {
    super();
    this._greetings = null;
    this._error = null;
    this._text = '';
    this._fieldError = null;
    this._notice = null;
    this._busy = false;
    this._onLangChange = () => this.requestUpdate();
  }

  /** Light DOM, so that the console's shared `.ops-*` styles apply. */
  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('ops-lang-change', this._onLangChange);
    this._load();
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    super.disconnectedCallback();
  }

  async _load() {
    try {
      const answer = await api(GREETINGS_URL);
      this._greetings = Array.isArray(answer?.greetings) ? answer.greetings : [];
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  async _leave(event) {
    event.preventDefault();
    const text = this._text.trim();
    if (!text || text.length > MAX_TEXT) {
      this._fieldError = text ? t('tooLong', { n: MAX_TEXT }) : t('required');
      return;
    }
    this._busy = true;
    this._notice = null;
    try {
      await api(GREETINGS_URL, { method: 'POST', json: { text } });
      this._text = '';
      this._fieldError = null;
      this._notice = { ok: true, text: t('saved') };
      await this._load();
    } catch (error) {
      const byField = fieldErrors(error);
      this._fieldError = byField.text?.join(' ') ?? null;
      if (!this._fieldError) {
        this._notice = { ok: false, text: t('saveFailed', { message: problemText(error) }) };
      }
    } finally {
      this._busy = false;
    }
  }

  render() {
    return html`
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${hasPermission(OPERATE) ? this._renderForm() : nothing}
      ${this._notice ? html`
        <p class="ops-notice ${this._notice.ok ? 'ops-notice--ok' : 'ops-notice--warn'}"
            role=${this._notice.ok ? 'status' : 'alert'}>${this._notice.text}</p>` : nothing}
      ${this._renderList()}`;
  }

  _renderForm() {
    const invalid = Boolean(this._fieldError);
    return html`
      <form class="ops-card ops-form" novalidate @submit=${(event) => this._leave(event)}>
        <div class="ops-field">
          <label class="ops-field__label" for="greeting-text">${t('text')}</label>
          <input class="ops-input ops-input--block" id="greeting-text" name="text" maxlength=${MAX_TEXT}
              .value=${this._text} aria-invalid=${String(invalid)}
              aria-describedby=${invalid ? 'greeting-text-error' : nothing}
              @input=${(event) => { this._text = event.target.value; this._fieldError = null; }}>
          ${invalid ? html`<div class="ops-field__error" id="greeting-text-error">${this._fieldError}</div>` : nothing}
        </div>
        <div class="ops-form__actions">
          <button type="submit" class="ops-button ops-button--primary" ?disabled=${this._busy}>
            ${this._busy ? t('sending') : t('leave')}</button>
        </div>
      </form>`;
  }

  _renderList() {
    if (this._error && this._greetings === null) {
      return html`
        <div class="ops-error" role="alert">
          <strong>${t('loadFailed', { message: problemText(this._error) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this._load()}>${t('retry')}</button></p>
        </div>`;
    }
    if (this._greetings === null) {
      return html`<p class="ops-empty" role="status">${t('loading')}</p>`;
    }
    if (this._greetings.length === 0) {
      return html`<p class="ops-card ops-empty">${t('empty')}</p>`;
    }
    return html`
      <div class="ops-table-wrap">
        <table class="ops-table">
          <thead><tr><th>${t('text')}</th><th>${t('createdBy')}</th><th>${t('createdAt')}</th></tr></thead>
          <tbody>
            ${this._greetings.map((g) => html`
              <tr><td>${g.text}</td><td class="ops-mono">${g.createdBy}</td><td class="ops-nowrap">${formatDateTime(g.createdAt)}</td></tr>`)}
          </tbody>
        </table>
      </div>`;
  }
}

if (!customElements.get(ELEMENT)) {
  customElements.define(ELEMENT, GreetingsPage);
}
]]#
