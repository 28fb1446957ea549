/**
 * `<ops-password-form>`: changing the signed-in user's password with `POST /api/security/password`.
 * Shows the password policy and ticks off the rules a browser can check while the user types (the
 * server checks them all, and the password history, again), the server's messages under each field, and
 * refuses a confirmation that does not match before asking the server.
 *
 * The shell shows it when a one-time password must be changed; the My account page imports it from
 * `/console/js/password-form.js`. On success it dispatches `ops-password-changed` (bubbling; its
 * `detail.session` is the session JSON the server answers) and empties its fields; the host decides
 * what follows.
 *
 * Renders into light DOM: the form has `data-testid="password-form"` and inputs named `current`,
 * `password` and `confirm`.
 *
 * @module password-form
 */
import { LitElement, html, nothing } from 'lit';
import { api, fieldErrors, messages, problemText } from 'opsconsole';

const t = messages({
  'zh-CN': {
    current: '当前密码',
    currentHint: '一次性密码或正在使用的密码',
    password: '新密码',
    confirm: '确认新密码',
    submit: '修改密码',
    submitting: '正在修改…',
    rules: '新密码须符合以下要求：',
    ruleLength: '至少 12 个字符',
    ruleKinds: '包含小写字母、大写字母、数字、符号中的至少三类',
    ruleName: '不包含用户名',
    ruleHistory: '不能是最近 5 次用过的密码',
    met: '（已满足）',
    unmet: '（未满足）',
    mismatch: '两次输入的新密码不一致',
    failed: '无法修改密码',
    separator: '；',
  },
  en: {
    current: 'Current password',
    currentHint: 'The one-time password or the one you use now',
    password: 'New password',
    confirm: 'Confirm the new password',
    submit: 'Change password',
    submitting: 'Changing…',
    rules: 'The new password must:',
    ruleLength: 'have at least 12 characters',
    ruleKinds: 'contain three of: lower case, upper case, digits, symbols',
    ruleName: 'not contain the user name',
    ruleHistory: 'not be one of your last 5 passwords',
    met: ' (met)',
    unmet: ' (not met)',
    mismatch: 'The two new passwords differ',
    failed: 'The password could not be changed',
    separator: '; ',
  },
});

const PASSWORD_URL = '/api/security/password';
const FIELDS = ['current', 'password', 'confirm'];

/** Counts instances, so that each form's ids are its own. */
let instances = 0;

/**
 * The policy rules a browser can check, as the server counts them (Java's `Character` classes): each
 * gives true (met), false (not met) or null (nothing typed yet).
 */
function ruleStates(password, userName) {
  if (!password) {
    return { length: null, kinds: null, name: null };
  }
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((kind) => kind.test(password)).length;
  const name = (userName ?? '').trim().toLowerCase();
  return {
    length: [...password].length >= 12,
    kinds: kinds >= 3,
    name: name === '' || !password.toLowerCase().includes(name),
  };
}

class OpsPasswordForm extends LitElement {
  static properties = {
    /** The user's name, for the "does not contain the user name" rule. */
    userName: { attribute: 'user-name' },
    _values: { state: true },
    _problem: { state: true },
    _mismatch: { state: true },
    _edited: { state: true },
    _busy: { state: true },
  };

  constructor() {
    super();
    this.userName = '';
    this._values = { current: '', password: '', confirm: '' };
    /** The server's refusal of the last attempt; its texts are made when rendering, to follow a language switch. */
    this._problem = null;
    /** Whether the last attempt stopped because the confirmation differed. */
    this._mismatch = false;
    /** The fields typed in since the last attempt: their old errors are hidden. */
    this._edited = [];
    this._busy = false;
    this._id = `ops-password-${++instances}`;
    this._onLangChange = () => this.requestUpdate();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('ops-lang-change', this._onLangChange);
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    super.disconnectedCallback();
  }

  /** Moves the focus to the first field. */
  focusFirst() {
    this.querySelector('input[name="current"]')?.focus();
  }

  _input(event) {
    const { name, value } = event.target;
    this._values = { ...this._values, [name]: value };
    if (!this._edited.includes(name)) {
      this._edited = [...this._edited, name];
    }
    if (name === 'confirm' || name === 'password') {
      this._mismatch = false;
    }
  }

  /** The messages to show by field, and those for no field of this form. */
  _errors() {
    const errors = {};
    const other = [];
    for (const [field, list] of Object.entries(fieldErrors(this._problem))) {
      if (!FIELDS.includes(field)) {
        other.push(...list);
      } else if (!this._edited.includes(field)) {
        errors[field] = list;
      }
    }
    if (this._mismatch) {
      errors.confirm = [t('mismatch')];
    }
    let form = other.join(t('separator'));
    if (!form && this._problem && Object.keys(fieldErrors(this._problem)).length === 0) {
      form = problemText(this._problem) || t('failed');
    }
    return { errors, form };
  }

  async _submit(event) {
    event.preventDefault();
    if (this._busy) {
      return;
    }
    const { current, password, confirm } = this._values;
    this._problem = null;
    this._edited = [];
    this._mismatch = password !== confirm;
    if (this._mismatch) {
      this.querySelector('input[name="confirm"]')?.focus();
      return;
    }
    this._busy = true;
    try {
      const session = await api(PASSWORD_URL, { method: 'POST', json: { current, password } });
      this._values = { current: '', password: '', confirm: '' };
      this.dispatchEvent(new CustomEvent('ops-password-changed', { bubbles: true, composed: true, detail: { session } }));
    } catch (error) {
      this._problem = error;
      await this.updateComplete;
      const known = fieldErrors(error);
      const first = FIELDS.find((field) => known[field]);
      if (first) {
        this.querySelector(`input[name="${first}"]`)?.focus();
      }
    } finally {
      this._busy = false;
    }
  }

  render() {
    const states = ruleStates(this._values.password, this.userName);
    const { errors, form } = this._errors();
    return html`
      <form class="ops-form" data-testid="password-form" novalidate @submit=${(event) => this._submit(event)}>
        <input type="text" name="username" autocomplete="username" .value=${this.userName ?? ''} hidden readonly>
        ${form ? html`<div class="ops-error ops-form__error" role="alert" data-testid="password-error">${form}</div>` : nothing}
        ${this._field('current', t('current'), 'current-password', errors.current, t('currentHint'))}
        ${this._field('password', t('password'), 'new-password', errors.password)}
        <div class="ops-rules" id="${this._id}-rules">
          <p class="ops-rules__title">${t('rules')}</p>
          <ul class="ops-rules__list">
            ${this._rule(states.length, t('ruleLength'))}
            ${this._rule(states.kinds, t('ruleKinds'))}
            ${this._rule(states.name, t('ruleName'))}
            ${this._rule(null, t('ruleHistory'))}
          </ul>
        </div>
        ${this._field('confirm', t('confirm'), 'new-password', errors.confirm)}
        <div class="ops-form__actions">
          <button type="submit" class="ops-button ops-button--primary" ?disabled=${this._busy}>
            ${this._busy ? t('submitting') : t('submit')}
          </button>
        </div>
      </form>`;
  }

  _field(name, label, autocomplete, errors = [], hint = '') {
    const id = `${this._id}-${name}`;
    const described = [hint ? `${id}-hint` : '', name === 'password' ? `${this._id}-rules` : '',
      errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`
      <div class="ops-field">
        <label class="ops-field__label" for=${id}>${label}</label>
        <input class="ops-input ops-input--block" id=${id} type="password" name=${name} autocomplete=${autocomplete}
            maxlength="256" .value=${this._values[name]} aria-invalid=${errors.length ? 'true' : 'false'}
            aria-describedby=${described || nothing} @input=${(event) => this._input(event)}>
        ${hint ? html`<span class="ops-field__hint" id="${id}-hint">${hint}</span>` : nothing}
        ${errors.length
          ? html`<div class="ops-field__error" id="${id}-error" data-error=${name}>
              ${errors.map((message) => html`<span>${message}</span>`)}</div>`
          : nothing}
      </div>`;
  }

  _rule(state, text) {
    const modifier = state === true ? 'met' : state === false ? 'unmet' : 'open';
    return html`
      <li class="ops-rules__item ops-rules__item--${modifier}">
        <span class="ops-rules__mark" aria-hidden="true">${state === true ? '✓' : state === false ? '✗' : '•'}</span>
        <span>${text}</span>${state === null ? nothing
          : html`<span class="ops-visually-hidden">${state ? t('met') : t('unmet')}</span>`}
      </li>`;
  }
}

if (!customElements.get('ops-password-form')) {
  customElements.define('ops-password-form', OpsPasswordForm);
}
