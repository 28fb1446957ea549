/**
 * `<ops-account-page>`: the My account page (我的账号). Who the signed-in user is, the roles held and the
 * permissions they give (from `GET /api/security/session`), and changing the password with the console's
 * shared `<ops-password-form>` (the same form, rules and messages as the shell's one-time password screen).
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, api, hasPermission, localized, messages, problemText, session, setSession } from 'opsconsole';
import '/console/js/password-form.js';

const t = messages({
  'zh-CN': {
    title: '我的账号',
    intro: '当前登录的账号、所属角色和由此获得的权限。',
    loading: '正在加载账号信息…',
    loadFailed: '无法加载账号信息',
    retry: '重试',
    account: '账号',
    name: '用户名',
    displayName: '显示名称',
    roles: '角色',
    noRoles: '没有分配角色',
    permissions: '权限',
    permissionCount: '共 {n} 项',
    noPermissions: '当前没有任何权限。',
    passwordTitle: '修改密码',
    passwordIntro: '修改后，下次登录请使用新密码。',
    passwordChanged: '密码已修改。',
  },
  en: {
    title: 'My account',
    intro: 'The account you are signed in with, the roles you hold and the permissions they give.',
    loading: 'Loading your account…',
    loadFailed: 'Your account could not be loaded',
    retry: 'Retry',
    account: 'Account',
    name: 'User name',
    displayName: 'Display name',
    roles: 'Roles',
    noRoles: 'No roles assigned',
    permissions: 'Permissions',
    permissionCount: '{n} in all',
    noPermissions: 'You hold no permissions right now.',
    passwordTitle: 'Change password',
    passwordIntro: 'Sign in with the new password from then on.',
    passwordChanged: 'Your password was changed.',
  },
});

const SESSION_URL = '/api/security/session';
const ROLES_URL = '/api/security/roles';

/** The built-in roles' titles, for users who may not read `/api/security/roles`; an unknown role shows its id. */
const ROLE_TITLES = {
  sysadmin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  secadmin: { 'zh-CN': '安全管理员', en: 'Security administrator' },
  auditor: { 'zh-CN': '审计员', en: 'Auditor' },
  operator: { 'zh-CN': '运维人员', en: 'Operator' },
  viewer: { 'zh-CN': '财政业务科室', en: 'Finance section viewer' },
};

class OpsAccountPage extends LitElement {
  static properties = {
    _session: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _titles: { state: true },
    _changed: { state: true },
  };

  constructor() {
    super();
    /** The session JSON: the shell's copy at first, the server's fresh one once loaded. */
    this._session = session();
    this._error = null;
    this._loading = false;
    /** Titles of roles and permissions by id/name, when the user may read the roles (else empty). */
    this._titles = { roles: {}, permissions: {} };
    this._changed = false;
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
    this._loading = true;
    try {
      const current = await api(SESSION_URL);
      this._session = current;
      this._error = null;
      setSession(current);
      this._titles = { ...this._titles, permissions: { ...current?.permissionTitles, ...this._titles.permissions } };
    } catch (error) {
      console.error('opsconsole account page: the session could not be loaded', error);
      this._error = error;
    } finally {
      this._loading = false;
    }
    if (hasPermission('security.role.read')) {
      this._loadTitles();
    }
  }

  /** The localized titles of roles and permissions; without them the page shows names and ids. */
  async _loadTitles() {
    try {
      const data = await api(ROLES_URL);
      const roles = Object.fromEntries((data?.roles ?? []).map((role) => [role.id, role.title]));
      const permissions = Object.fromEntries((data?.permissions ?? []).map((permission) => [permission.name, permission.title]));
      this._titles = { roles, permissions };
    } catch (error) {
      console.warn('opsconsole account page: titles of roles and permissions not available', error);
    }
  }

  _passwordChanged(event) {
    const current = event.detail?.session;
    if (current) {
      this._session = current;
      setSession(current);
    }
    this._changed = true;
  }

  render() {
    const user = this._session?.user;
    return html`
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._error ? this._renderError() : nothing}
      ${user
        ? html`${this._renderAccount(user)}${this._renderPermissions()}${this._renderPassword(user)}`
        : this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`}`;
  }

  _renderError() {
    const error = this._error;
    const problem = error instanceof ApiError ? error : null;
    return html`
      <div class="ops-error" role="alert" data-testid="account-error">
        <strong>${t('loadFailed')}</strong>
        ${problem?.status ? html` <span>(HTTP ${problem.status})</span>` : nothing}
        <p>${problemText(error)}</p>
        <p>
          <button type="button" class="ops-button ops-button--small" ?disabled=${this._loading}
              @click=${() => this._load()}>${t('retry')}</button>
        </p>
      </div>`;
  }

  _roleTitle(id) {
    return localized(this._titles.roles[id] ?? ROLE_TITLES[id]) || id;
  }

  _renderAccount(user) {
    const roles = Array.isArray(user.roles) ? user.roles : [];
    return html`
      <h2 class="ops-section-title">${t('account')}</h2>
      <dl class="ops-card ops-facts" data-testid="account-facts">
        <dt>${t('name')}</dt>
        <dd class="ops-mono" data-testid="account-name">${user.name}</dd>
        <dt>${t('displayName')}</dt>
        <dd data-testid="account-display-name">${user.displayName || '—'}</dd>
        <dt>${t('roles')}</dt>
        <dd data-testid="account-roles">
          ${roles.length
            ? html`<span class="ops-badges">${roles.map((id) => html`
                <span class="ops-badge ops-badge--role" data-role=${id} title=${id}>${this._roleTitle(id)}</span>`)}</span>`
            : html`<span class="ops-muted">${t('noRoles')}</span>`}
        </dd>
      </dl>`;
  }

  _renderPermissions() {
    const permissions = Array.isArray(this._session?.permissions) ? [...this._session.permissions].sort() : [];
    return html`
      <h2 class="ops-section-title">${t('permissions')}
        <span class="ops-muted ops-section-title__note">${t('permissionCount', { n: permissions.length })}</span></h2>
      ${permissions.length === 0
        ? html`<p class="ops-card ops-empty">${t('noPermissions')}</p>`
        : html`
          <ul class="ops-card ops-permission-list" data-testid="account-permissions">
            ${permissions.map((name) => html`
              <li data-permission=${name}>
                <span class="ops-mono">${name}</span>
                ${this._titles.permissions[name]
                  ? html`<span class="ops-muted">${localized(this._titles.permissions[name])}</span>` : nothing}
              </li>`)}
          </ul>`}`;
  }

  _renderPassword(user) {
    return html`
      <h2 class="ops-section-title">${t('passwordTitle')}</h2>
      <section class="ops-card ops-form-card" aria-label=${t('passwordTitle')}>
        <p class="ops-muted">${t('passwordIntro')}</p>
        ${this._changed
          ? html`<p class="ops-notice ops-notice--ok" role="status" data-testid="password-changed">${t('passwordChanged')}</p>`
          : nothing}
        <ops-password-form .userName=${user.name ?? ''} @input=${() => { this._changed = false; }}
            @ops-password-changed=${(event) => this._passwordChanged(event)}></ops-password-form>
      </section>`;
  }
}

if (!customElements.get('ops-account-page')) {
  customElements.define('ops-account-page', OpsAccountPage);
}
