/**
 * `<ops-users-page>`: the Users page (用户管理). Every console account with its roles and state, from
 * `GET /api/security/users`; for users with `security.user.write` also creating users, disabling and
 * enabling them, resetting their passwords and assigning their roles (`POST /api/security/users...`).
 * A new account's or a reset one-time password is shown once, until dismissed.
 */
import { LitElement, html, nothing } from 'lit';
import {
  ApiError, api, fieldErrors, formatDateTime, formatNumber, hasPermission, localized, messages, problemText, session,
} from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '用户管理',
    intro: '控制台的全部账号及其角色和状态。新建账号和重置密码会生成一次性密码，用户首次登录时必须修改。',
    loading: '正在加载用户…',
    loadFailed: '无法加载用户',
    retry: '重试',
    refresh: '刷新',
    refreshing: '正在刷新…',
    count: '共 {n} 个用户',
    empty: '还没有用户。',
    readOnly: '您可以查看用户，但没有管理用户的权限。',
    newUser: '新建用户',
    newUserTitle: '新建用户',
    name: '用户名',
    nameHint: '以小写字母开头，3–64 个小写字母、数字、点、下划线或连字符，创建后不能修改',
    displayName: '显示名称',
    displayNameHint: '例如姓名和科室',
    roles: '角色',
    noRoles: '无角色',
    create: '创建用户',
    creating: '正在创建…',
    cancel: '取消',
    formInvalid: '请检查填写的内容。',
    displayNameCol: '显示名称',
    state: '状态',
    createdAt: '创建时间',
    actions: '操作',
    you: '本人',
    enabled: '已启用',
    disabled: '已停用',
    locked: '已锁定',
    mustChange: '待修改密码',
    disable: '停用',
    enable: '启用',
    resetPassword: '重置密码',
    confirmReset: '确认重置',
    resetQuestion: '重置后该用户的现有会话将失效。',
    editRoles: '修改角色',
    saveRoles: '保存角色',
    rolesOf: '{name} 的角色',
    working: '正在处理…',
    actionFailed: '操作未完成：{message}',
    doneCreate: '已创建用户 {name}',
    doneDisable: '已停用用户 {name}',
    doneEnable: '已启用用户 {name}',
    doneReset: '已重置用户 {name} 的密码',
    doneRoles: '已更新用户 {name} 的角色',
    secretCreated: '用户 {name} 已创建，一次性密码：',
    secretReset: '用户 {name} 的密码已重置，一次性密码：',
    secretWarning: '此密码只显示这一次，关闭本提示或离开本页后无法再次查看。请通过安全渠道交给用户；用户首次登录时必须修改密码。',
    secretLabel: '一次性密码',
    copy: '复制',
    copied: '已复制到剪贴板',
    copyFailed: '无法自动复制，请选中密码后手动复制',
    dismiss: '我已妥善转交，关闭',
  },
  en: {
    title: 'Users',
    intro: 'Every console account with its roles and state. Creating an account and resetting a password give a one-time password, which the user must change at the first sign-in.',
    loading: 'Loading users…',
    loadFailed: 'The users could not be loaded',
    retry: 'Retry',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    count: { one: '{n} user', other: '{n} users' },
    empty: 'There are no users yet.',
    readOnly: 'You may view the users but not manage them.',
    newUser: 'New user',
    newUserTitle: 'New user',
    name: 'User name',
    nameHint: '3 to 64 lower-case letters, digits, dots, underscores or hyphens, starting with a letter; cannot be changed later',
    displayName: 'Display name',
    displayNameHint: 'For example name and section',
    roles: 'Roles',
    noRoles: 'No roles',
    create: 'Create user',
    creating: 'Creating…',
    cancel: 'Cancel',
    formInvalid: 'Please check the fields.',
    displayNameCol: 'Display name',
    state: 'State',
    createdAt: 'Created',
    actions: 'Actions',
    you: 'you',
    enabled: 'Enabled',
    disabled: 'Disabled',
    locked: 'Locked',
    mustChange: 'Must change password',
    disable: 'Disable',
    enable: 'Enable',
    resetPassword: 'Reset password',
    confirmReset: 'Confirm reset',
    resetQuestion: 'The user\'s current sessions will end.',
    editRoles: 'Edit roles',
    saveRoles: 'Save roles',
    rolesOf: 'Roles of {name}',
    working: 'Working…',
    actionFailed: 'Not done: {message}',
    doneCreate: 'User {name} created',
    doneDisable: 'User {name} disabled',
    doneEnable: 'User {name} enabled',
    doneReset: 'The password of {name} was reset',
    doneRoles: 'The roles of {name} were updated',
    secretCreated: 'User {name} was created. One-time password:',
    secretReset: 'The password of {name} was reset. One-time password:',
    secretWarning: 'This password is shown only once: after closing this notice or leaving the page it cannot be shown again. Hand it to the user over a safe channel; the user must change it at the first sign-in.',
    secretLabel: 'One-time password',
    copy: 'Copy',
    copied: 'Copied to the clipboard',
    copyFailed: 'Could not copy automatically; select the password and copy it by hand',
    dismiss: 'I have handed it over — close',
  },
});

const USERS_URL = '/api/security/users';
const WRITE = 'security.user.write';
const NEW_USER_FIELDS = ['name', 'displayName', 'roles'];

/**
 * The one-time password on show, kept outside the element: the shell creates the page anew when the
 * language changes, and the password must survive that (it cannot be fetched again). Cleared when
 * dismissed, and when no users page is left in the document.
 */
let shownSecret = null;

function userUrl(name, action) {
  return `${USERS_URL}/${encodeURIComponent(name)}/${action}`;
}

class OpsUsersPage extends LitElement {
  static properties = {
    _data: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _notice: { state: true },
    _actionError: { state: true },
    _secret: { state: true },
    _copyState: { state: true },
    _formOpen: { state: true },
    _form: { state: true },
    _formErrors: { state: true },
    _formError: { state: true },
    _formBusy: { state: true },
    _editing: { state: true },
    _editRoles: { state: true },
    _confirmReset: { state: true },
    _busyUser: { state: true },
  };

  constructor() {
    super();
    this._data = null;
    this._error = null;
    this._loading = false;
    /** A line saying what the last action did. */
    this._notice = '';
    this._actionError = '';
    /** `{name, password, reason}` of the one-time password on show, or null. */
    this._secret = shownSecret;
    this._copyState = '';
    this._formOpen = false;
    this._form = { name: '', displayName: '', roles: [] };
    this._formErrors = {};
    this._formError = '';
    this._formBusy = false;
    /** The user whose roles are being edited, and the roles ticked so far. */
    this._editing = '';
    this._editRoles = [];
    /** The user whose password reset waits for confirmation. */
    this._confirmReset = '';
    /** The user an action is running for. */
    this._busyUser = '';
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
    // a page created anew (language switch) takes the password over; leaving the page forgets it
    setTimeout(() => {
      if (!document.querySelector('ops-users-page')) {
        shownSecret = null;
      }
    }, 0);
  }

  async _load() {
    this._loading = true;
    try {
      this._data = await api(USERS_URL);
      this._error = null;
    } catch (error) {
      console.error('opsconsole users page: the users could not be loaded', error);
      this._error = error;
    } finally {
      this._loading = false;
    }
  }

  _users() {
    return Array.isArray(this._data?.users) ? this._data.users : [];
  }

  _roles() {
    return Array.isArray(this._data?.roles) ? this._data.roles : [];
  }

  _roleTitle(id) {
    const role = this._roles().find((r) => r.id === id);
    return role ? localized(role.title) : id;
  }

  /** Puts a user the server answered into the list (or adds it). */
  _replaceUser(user) {
    if (!user?.name || !this._data) {
      return;
    }
    const users = this._users();
    const index = users.findIndex((u) => u.name === user.name);
    const next = index < 0 ? [...users, user] : users.map((u, i) => (i === index ? user : u));
    this._data = { ...this._data, users: next };
  }

  _showSecret(name, password, reason) {
    this._secret = { name, password, reason };
    shownSecret = this._secret;
    this._copyState = '';
  }

  _dismissSecret() {
    this._secret = null;
    shownSecret = null;
    this._copyState = '';
  }

  async _copySecret() {
    const password = this._secret?.password ?? '';
    const field = this.querySelector('[data-testid="one-time-password-value"]');
    try {
      if (!navigator.clipboard?.writeText) {
        throw new Error('no clipboard API (the console is not served over HTTPS)');
      }
      await navigator.clipboard.writeText(password);
      this._copyState = 'copied';
    } catch {
      // without a secure context there is no clipboard API: select the text for the older way
      field?.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      this._copyState = copied ? 'copied' : 'failed';
    }
  }

  /** Runs an action on a user's row: shows the server's refusal, or what was done. */
  async _act(name, action, json) {
    if (this._busyUser) {
      return;
    }
    this._busyUser = name;
    this._actionError = '';
    this._notice = '';
    this._confirmReset = '';
    try {
      const result = await api(userUrl(name, action), { method: 'POST', json: json ?? {} });
      const user = result?.user ?? result;
      this._replaceUser(user);
      if (action === 'reset-password' && result?.oneTimePassword) {
        this._showSecret(name, result.oneTimePassword, 'reset');
      }
      if (action === 'roles') {
        this._editing = '';
      }
      const done = { disable: 'doneDisable', enable: 'doneEnable', 'reset-password': 'doneReset', roles: 'doneRoles' };
      this._notice = t(done[action], { name });
    } catch (error) {
      console.error(`opsconsole users page: ${action} of ${name} failed`, error);
      this._actionError = t('actionFailed', { message: this._errorText(error) });
      if (error instanceof ApiError && error.status === 404) {
        this._load();
      }
    } finally {
      this._busyUser = '';
    }
  }

  /** The server's words for a failed action: its detail, or its field messages. */
  _errorText(error) {
    const fields = Object.values(fieldErrors(error)).flat();
    return fields.length ? fields.join(' ') : problemText(error);
  }

  _openForm() {
    this._formOpen = true;
    this._formErrors = {};
    this._formError = '';
    this.updateComplete.then(() => this.querySelector('[data-testid="new-user-form"] input[name="name"]')?.focus());
  }

  _closeForm() {
    this._formOpen = false;
    this._form = { name: '', displayName: '', roles: [] };
    this._formErrors = {};
    this._formError = '';
  }

  _formInput(event) {
    const { name, value, checked, type } = event.target;
    if (type === 'checkbox') {
      const roles = new Set(this._form.roles);
      if (checked) {
        roles.add(value);
      } else {
        roles.delete(value);
      }
      this._form = { ...this._form, roles: this._roles().map((r) => r.id).filter((id) => roles.has(id)) };
    } else {
      this._form = { ...this._form, [name]: value };
    }
  }

  async _create(event) {
    event.preventDefault();
    if (this._formBusy) {
      return;
    }
    this._formBusy = true;
    this._formErrors = {};
    this._formError = '';
    this._actionError = '';
    this._notice = '';
    const json = { name: this._form.name.trim(), displayName: this._form.displayName.trim(), roles: this._form.roles };
    try {
      const result = await api(USERS_URL, { method: 'POST', json });
      this._replaceUser(result?.user);
      if (result?.oneTimePassword) {
        this._showSecret(result.user?.name ?? json.name, result.oneTimePassword, 'created');
      }
      this._notice = t('doneCreate', { name: result?.user?.name ?? json.name });
      this._closeForm();
    } catch (error) {
      const errors = fieldErrors(error);
      const known = Object.fromEntries(Object.entries(errors).filter(([field]) => NEW_USER_FIELDS.includes(field)));
      const other = Object.entries(errors).filter(([field]) => !NEW_USER_FIELDS.includes(field)).flatMap(([, list]) => list);
      this._formErrors = known;
      this._formError = other.length ? other.join(' ')
        : Object.keys(known).length ? t('formInvalid') : problemText(error);
      await this.updateComplete;
      const first = NEW_USER_FIELDS.find((field) => known[field]);
      this.querySelector(`[data-testid="new-user-form"] [name="${first}"]`)?.focus();
    } finally {
      this._formBusy = false;
    }
  }

  _startEditRoles(user) {
    this._editing = user.name;
    this._editRoles = Array.isArray(user.roles) ? [...user.roles] : [];
    this._confirmReset = '';
    this._actionError = '';
  }

  _toggleEditRole(id, checked) {
    const roles = new Set(this._editRoles);
    if (checked) {
      roles.add(id);
    } else {
      roles.delete(id);
    }
    this._editRoles = this._roles().map((r) => r.id).filter((role) => roles.has(role));
  }

  render() {
    const canWrite = hasPermission(WRITE);
    return html`
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._secret ? this._renderSecret() : nothing}
      ${this._actionError
        ? html`<div class="ops-error ops-page-message" role="alert" data-testid="users-action-error">${this._actionError}</div>`
        : nothing}
      ${this._notice && !this._actionError
        ? html`<p class="ops-notice ops-notice--ok ops-page-message" role="status" data-testid="users-notice">${this._notice}</p>`
        : nothing}
      ${this._error ? this._renderError() : nothing}
      ${this._data
        ? html`${this._renderToolbar(canWrite)}${this._formOpen && canWrite ? this._renderForm() : nothing}
            ${this._renderTable(canWrite)}`
        : this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`}`;
  }

  _renderError() {
    const error = this._error;
    const problem = error instanceof ApiError ? error : null;
    return html`
      <div class="ops-error" role="alert" data-testid="users-error">
        <strong>${t('loadFailed')}</strong>
        ${problem?.status ? html` <span>(HTTP ${problem.status})</span>` : nothing}
        <p>${problemText(error)}</p>
        <p>
          <button type="button" class="ops-button ops-button--small" ?disabled=${this._loading}
              @click=${() => this._load()}>${t('retry')}</button>
        </p>
      </div>`;
  }

  _renderSecret() {
    const secret = this._secret;
    return html`
      <section class="ops-secret" data-testid="one-time-password" data-user=${secret.name} aria-labelledby="ops-secret-title">
        <h2 class="ops-secret__title" id="ops-secret-title">
          ${t(secret.reason === 'reset' ? 'secretReset' : 'secretCreated', { name: secret.name })}
        </h2>
        <div class="ops-secret__row">
          <label class="ops-visually-hidden" for="ops-secret-value">${t('secretLabel')}</label>
          <input class="ops-input ops-secret__value" id="ops-secret-value" data-testid="one-time-password-value"
              type="text" readonly autocomplete="off" spellcheck="false" .value=${secret.password}
              @focus=${(event) => event.target.select()}>
          <button type="button" class="ops-button ops-button--primary" data-action="copy" @click=${() => this._copySecret()}>
            ${t('copy')}
          </button>
          <span class="ops-secret__copied" role="status">
            ${this._copyState === 'copied' ? t('copied') : this._copyState === 'failed' ? t('copyFailed') : ''}
          </span>
        </div>
        <p class="ops-secret__warning"><strong>${t('secretWarning')}</strong></p>
        <button type="button" class="ops-button" data-action="dismiss-password" @click=${() => this._dismissSecret()}>
          ${t('dismiss')}
        </button>
      </section>`;
  }

  _renderToolbar(canWrite) {
    return html`
      <div class="ops-toolbar">
        <span class="ops-muted" data-testid="user-count">${t('count', { n: formatNumber(this._users().length) })}</span>
        ${canWrite ? nothing : html`<span class="ops-badge ops-badge--muted">${t('readOnly')}</span>`}
        <span class="ops-toolbar__spacer"></span>
        ${canWrite ? html`
          <button type="button" class="ops-button ops-button--primary" data-testid="new-user"
              aria-expanded=${this._formOpen ? 'true' : 'false'} ?disabled=${this._formOpen}
              @click=${() => this._openForm()}>${t('newUser')}</button>` : nothing}
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>
          ${this._loading ? t('refreshing') : t('refresh')}
        </button>
      </div>`;
  }

  _renderForm() {
    const errors = this._formErrors;
    return html`
      <section class="ops-card ops-form-card" aria-labelledby="ops-new-user-title">
        <h2 class="ops-section-title ops-form-card__title" id="ops-new-user-title">${t('newUserTitle')}</h2>
        ${this._formError ? html`<p class="ops-error ops-form__error" role="alert">${this._formError}</p>` : nothing}
        <form class="ops-form ops-form--wide" data-testid="new-user-form" novalidate @submit=${(event) => this._create(event)}>
          ${this._textField('name', t('name'), t('nameHint'), 64)}
          ${this._textField('displayName', t('displayName'), t('displayNameHint'), 100)}
          <fieldset class="ops-field ops-checks" aria-describedby=${errors.roles ? 'ops-new-user-roles-error' : nothing}>
            <legend class="ops-field__label">${t('roles')}</legend>
            ${this._roles().map((role) => html`
              <label class="ops-check">
                <input type="checkbox" name="roles" value=${role.id} .checked=${this._form.roles.includes(role.id)}
                    @change=${(event) => this._formInput(event)}>
                <span>${localized(role.title)}</span> <span class="ops-muted ops-check__id">${role.id}</span>
              </label>`)}
            ${errors.roles ? html`<div class="ops-field__error" id="ops-new-user-roles-error" data-error="roles">
              ${errors.roles.map((message) => html`<span>${message}</span>`)}</div>` : nothing}
          </fieldset>
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ops-button--primary" ?disabled=${this._formBusy}>
              ${this._formBusy ? t('creating') : t('create')}
            </button>
            <button type="button" class="ops-button" @click=${() => this._closeForm()}>${t('cancel')}</button>
          </div>
        </form>
      </section>`;
  }

  _textField(name, label, hint, max) {
    const errors = this._formErrors[name] ?? [];
    const id = `ops-new-user-${name}`;
    return html`
      <div class="ops-field">
        <label class="ops-field__label" for=${id}>${label}</label>
        <input class="ops-input ops-input--block" id=${id} name=${name} type="text" maxlength=${max} autocomplete="off"
            spellcheck="false" .value=${this._form[name]} aria-invalid=${errors.length ? 'true' : 'false'}
            aria-describedby="${id}-hint${errors.length ? ` ${id}-error` : ''}" @input=${(event) => this._formInput(event)}>
        <span class="ops-field__hint" id="${id}-hint">${hint}</span>
        ${errors.length ? html`<div class="ops-field__error" id="${id}-error" data-error=${name}>
          ${errors.map((message) => html`<span>${message}</span>`)}</div>` : nothing}
      </div>`;
  }

  _renderTable(canWrite) {
    const users = this._users();
    const columns = canWrite ? 6 : 5;
    return html`
      <table class="ops-table" data-testid="users-table">
        <thead>
          <tr>
            <th>${t('name')}</th>
            <th>${t('displayNameCol')}</th>
            <th>${t('roles')}</th>
            <th>${t('state')}</th>
            <th>${t('createdAt')}</th>
            ${canWrite ? html`<th>${t('actions')}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${users.length === 0
            ? html`<tr><td class="ops-empty" colspan=${columns}>${t('empty')}</td></tr>`
            : users.map((user) => this._renderUser(user, canWrite))}
        </tbody>
      </table>`;
  }

  _renderUser(user, canWrite) {
    const self = user.name === session()?.user?.name;
    const editing = canWrite && this._editing === user.name;
    return html`
      <tr data-user=${user.name} data-enabled=${user.enabled ? 'true' : 'false'}>
        <td>
          <span class="ops-table__mono">${user.name}</span>
          ${self ? html` <span class="ops-badge ops-badge--muted" data-self>${t('you')}</span>` : nothing}
        </td>
        <td>${user.displayName || html`<span class="ops-muted">—</span>`}</td>
        <td>${editing ? this._renderRoleEditor(user) : this._renderRoles(user)}</td>
        <td><span class="ops-badges">${this._stateBadges(user)}</span></td>
        <td class="ops-nowrap">${user.createdAt && user.createdAt !== 'null' ? formatDateTime(user.createdAt) : '—'}</td>
        ${canWrite ? html`<td class="ops-table__narrow">${this._renderActions(user)}</td>` : nothing}
      </tr>`;
  }

  _renderRoles(user) {
    const roles = Array.isArray(user.roles) ? user.roles : [];
    return roles.length === 0
      ? html`<span class="ops-muted">${t('noRoles')}</span>`
      : html`<span class="ops-badges">${roles.map((id) => html`
          <span class="ops-badge ops-badge--role" data-role=${id} title=${id}>${this._roleTitle(id)}</span>`)}</span>`;
  }

  _renderRoleEditor(user) {
    const busy = this._busyUser === user.name;
    return html`
      <fieldset class="ops-checks ops-checks--compact" data-testid="role-editor">
        <legend class="ops-visually-hidden">${t('rolesOf', { name: user.name })}</legend>
        ${this._roles().map((role) => html`
          <label class="ops-check">
            <input type="checkbox" name="roles" value=${role.id} .checked=${this._editRoles.includes(role.id)}
                @change=${(event) => this._toggleEditRole(role.id, event.target.checked)}>
            <span>${localized(role.title)}</span>
          </label>`)}
        <span class="ops-actions">
          <button type="button" class="ops-button ops-button--primary ops-button--small" data-action="save-roles"
              ?disabled=${busy} @click=${() => this._act(user.name, 'roles', { roles: this._editRoles })}>
            ${busy ? t('working') : t('saveRoles')}
          </button>
          <button type="button" class="ops-button ops-button--small" data-action="cancel"
              @click=${() => { this._editing = ''; }}>${t('cancel')}</button>
        </span>
      </fieldset>`;
  }

  _stateBadges(user) {
    const badges = [];
    badges.push(user.enabled
      ? html`<span class="ops-badge ops-badge--ok" data-state="enabled">${t('enabled')}</span>`
      : html`<span class="ops-badge ops-badge--muted" data-state="disabled">${t('disabled')}</span>`);
    if (user.locked) {
      badges.push(html`<span class="ops-badge ops-badge--error" data-state="locked">${t('locked')}</span>`);
    }
    if (user.mustChangePassword) {
      badges.push(html`<span class="ops-badge ops-badge--warn" data-state="must-change-password">${t('mustChange')}</span>`);
    }
    return badges;
  }

  _renderActions(user) {
    const busy = this._busyUser !== '';
    if (this._confirmReset === user.name) {
      return html`
        <span class="ops-actions ops-actions--confirm">
          <span class="ops-muted">${t('resetQuestion')}</span>
          <button type="button" class="ops-button ops-button--danger ops-button--small" data-action="confirm-reset"
              ?disabled=${busy} @click=${() => this._act(user.name, 'reset-password')}>${t('confirmReset')}</button>
          <button type="button" class="ops-button ops-button--small" data-action="cancel"
              @click=${() => { this._confirmReset = ''; }}>${t('cancel')}</button>
        </span>`;
    }
    return html`
      <span class="ops-actions">
        ${user.enabled
          ? html`<button type="button" class="ops-button ops-button--small" data-action="disable" ?disabled=${busy}
              @click=${() => this._act(user.name, 'disable')}>${t('disable')}</button>`
          : html`<button type="button" class="ops-button ops-button--small" data-action="enable" ?disabled=${busy}
              @click=${() => this._act(user.name, 'enable')}>${t('enable')}</button>`}
        <button type="button" class="ops-button ops-button--small" data-action="reset-password" ?disabled=${busy}
            @click=${() => { this._confirmReset = user.name; this._editing = ''; }}>${t('resetPassword')}</button>
        <button type="button" class="ops-button ops-button--small" data-action="edit-roles"
            ?disabled=${busy || this._editing === user.name} @click=${() => this._startEditRoles(user)}>${t('editRoles')}</button>
      </span>`;
  }
}

if (!customElements.get('ops-users-page')) {
  customElements.define('ops-users-page', OpsUsersPage);
}
