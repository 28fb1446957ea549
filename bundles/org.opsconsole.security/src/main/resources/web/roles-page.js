/**
 * `<ops-roles-page>`: the Roles and permissions page (角色与权限). The permissions matrix — every declared
 * permission against the built-in roles that separate duties (三员分立) — from `GET /api/security/roles`,
 * and, for users with `security.role.write`, editing a role's extra grants
 * (`POST /api/security/roles/<id>/grants`). Nobody edits a role they hold; the server refuses it too.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, api, fieldErrors, formatNumber, hasPermission, localized, messages, problemText, session } from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '角色与权限',
    separation: '本控制台按“三员分立”划分职责：系统管理员负责系统运行，安全管理员负责用户、角色与权限，审计员负责审查前两者的操作记录，三者的权限互不重叠、相互制约。运维人员和财政业务科室只获得日常工作所需的权限；角色的附加授权由安全管理员设置，任何人都不能修改自己所属角色的权限。',
    loading: '正在加载角色与权限…',
    loadFailed: '无法加载角色与权限',
    retry: '重试',
    refresh: '刷新',
    refreshing: '正在刷新…',
    matrix: '权限矩阵',
    matrixCount: '{permissions} 项权限 × {roles} 个角色',
    permission: '权限',
    legendPattern: '由角色规则授予',
    legendExtra: '附加授权',
    legendNone: '未授予',
    grantedByPattern: '已授予（角色规则）',
    grantedByExtra: '已授予（附加授权）',
    notGranted: '未授予',
    noPermissions: '当前没有已声明的权限。',
    grants: '各角色的规则与附加授权',
    grantsIntro: '角色规则随产品提供，按顺序匹配，以“!”开头的规则表示拒绝。附加授权可为角色增加规则未包含的权限。',
    patterns: '角色规则',
    extraGrants: '附加授权',
    noExtraGrants: '无',
    edit: '编辑附加授权',
    editTitle: '{role} 的附加授权',
    editHint: '仅列出角色规则未授予的权限。',
    nothingToGrant: '角色规则已授予全部权限，没有可附加的权限。',
    save: '保存',
    saving: '正在保存…',
    cancel: '取消',
    ownRole: '您属于该角色，不能修改它的权限。',
    saved: '已保存“{role}”的附加授权',
    saveFailed: '未能保存：{message}',
    dropped: '以下附加授权对应的权限当前未声明（模块未运行），保存后将被移除：{names}',
    you: '您的角色',
  },
  en: {
    title: 'Roles and permissions',
    separation: 'The console separates duties (三员分立): system administrators run the system, security administrators manage users, roles and permissions, and auditors review what both of them do, so that no one holds the powers of two duties. Operators and finance sections get only what their daily work needs; security administrators set a role\'s extra grants, and nobody can change the permissions of a role they hold.',
    loading: 'Loading roles and permissions…',
    loadFailed: 'The roles and permissions could not be loaded',
    retry: 'Retry',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    matrix: 'Permissions matrix',
    matrixCount: '{permissions} permissions × {roles} roles',
    permission: 'Permission',
    legendPattern: 'granted by the role\'s rules',
    legendExtra: 'extra grant',
    legendNone: 'not granted',
    grantedByPattern: 'Granted (role rules)',
    grantedByExtra: 'Granted (extra grant)',
    notGranted: 'Not granted',
    noPermissions: 'No permissions are declared right now.',
    grants: 'Rules and extra grants by role',
    grantsIntro: 'The role rules come with the product and match in order; a rule starting with "!" refuses. Extra grants add permissions the rules do not give.',
    patterns: 'Role rules',
    extraGrants: 'Extra grants',
    noExtraGrants: 'none',
    edit: 'Edit extra grants',
    editTitle: 'Extra grants of {role}',
    editHint: 'Only permissions the role\'s rules do not give are listed.',
    nothingToGrant: 'The role\'s rules give every permission; there is nothing to add.',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    ownRole: 'You hold this role, so you cannot change its permissions.',
    saved: 'The extra grants of "{role}" were saved',
    saveFailed: 'Not saved: {message}',
    dropped: 'These extra grants name permissions not declared right now (their module is not running) and are removed on saving: {names}',
    you: 'your role',
  },
});

const ROLES_URL = '/api/security/roles';
const WRITE = 'security.role.write';

/** Whether a glob (`*` for any characters) matches a permission name, as the server's `Role.matches`. */
function globMatches(pattern, name) {
  const regex = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${regex}$`).test(name);
}

/** Whether a role's patterns give a permission: the first matching pattern decides, `!` refuses. */
function patternsAllow(patterns, name) {
  for (const pattern of Array.isArray(patterns) ? patterns : []) {
    const deny = pattern.startsWith('!');
    if (globMatches(deny ? pattern.slice(1) : pattern, name)) {
      return !deny;
    }
  }
  return false;
}

class OpsRolesPage extends LitElement {
  static properties = {
    _data: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _editing: { state: true },
    _selection: { state: true },
    _saving: { state: true },
    _saveError: { state: true },
    _notice: { state: true },
  };

  constructor() {
    super();
    this._data = null;
    this._error = null;
    this._loading = false;
    /** The role whose extra grants are being edited, and the permissions ticked so far. */
    this._editing = '';
    this._selection = [];
    this._saving = false;
    this._saveError = '';
    this._notice = '';
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
      this._data = await api(ROLES_URL);
      this._error = null;
    } catch (error) {
      console.error('opsconsole roles page: the roles could not be loaded', error);
      this._error = error;
    } finally {
      this._loading = false;
    }
  }

  _roles() {
    return Array.isArray(this._data?.roles) ? this._data.roles : [];
  }

  /** The declared permissions, by name. */
  _permissions() {
    const list = Array.isArray(this._data?.permissions) ? this._data.permissions : [];
    return [...list].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }

  _holds(role) {
    const roles = session()?.user?.roles;
    return Array.isArray(roles) && roles.includes(role.id);
  }

  _startEdit(role) {
    const extra = new Set(Array.isArray(role.extraGrants) ? role.extraGrants : []);
    this._editing = role.id;
    this._selection = this._permissions().filter((p) => extra.has(p.name)).map((p) => p.name);
    this._saveError = '';
    this._notice = '';
  }

  _toggle(name, checked) {
    const selection = new Set(this._selection);
    if (checked) {
      selection.add(name);
    } else {
      selection.delete(name);
    }
    this._selection = this._permissions().map((p) => p.name).filter((n) => selection.has(n));
  }

  async _save(role) {
    if (this._saving) {
      return;
    }
    const declared = new Set(this._permissions().map((p) => p.name));
    // extra grants the rules give anyway are not listed for editing; keep them as they are
    const kept = (role.extraGrants ?? []).filter((name) => declared.has(name) && patternsAllow(role.patterns, name));
    const permissions = [...new Set([...this._selection, ...kept])];
    this._saving = true;
    this._saveError = '';
    this._notice = '';
    try {
      this._data = await api(`${ROLES_URL}/${encodeURIComponent(role.id)}/grants`, { method: 'POST', json: { permissions } });
      this._editing = '';
      this._notice = t('saved', { role: localized(role.title) });
    } catch (error) {
      console.error(`opsconsole roles page: the grants of ${role.id} could not be saved`, error);
      const fields = Object.values(fieldErrors(error)).flat();
      this._saveError = t('saveFailed', { message: fields.length ? fields.join(' ') : problemText(error) });
    } finally {
      this._saving = false;
    }
  }

  render() {
    return html`
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted ops-roles__intro" data-testid="separation-of-duties">${t('separation')}</p>
      ${this._notice ? html`<p class="ops-notice ops-notice--ok ops-page-message" role="status" data-testid="roles-notice">${this._notice}</p>` : nothing}
      ${this._error ? this._renderError() : nothing}
      ${this._data
        ? html`${this._renderMatrix()}${this._renderRoles()}`
        : this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`}`;
  }

  _renderError() {
    const error = this._error;
    const problem = error instanceof ApiError ? error : null;
    return html`
      <div class="ops-error" role="alert" data-testid="roles-error">
        <strong>${t('loadFailed')}</strong>
        ${problem?.status ? html` <span>(HTTP ${problem.status})</span>` : nothing}
        <p>${problemText(error)}</p>
        <p>
          <button type="button" class="ops-button ops-button--small" ?disabled=${this._loading}
              @click=${() => this._load()}>${t('retry')}</button>
        </p>
      </div>`;
  }

  _renderMatrix() {
    const roles = this._roles();
    const permissions = this._permissions();
    return html`
      <h2 class="ops-section-title">${t('matrix')}</h2>
      <div class="ops-toolbar">
        <span class="ops-muted">${t('matrixCount', { permissions: formatNumber(permissions.length), roles: formatNumber(roles.length) })}</span>
        <span class="ops-matrix-legend" aria-hidden="true">
          <span><span class="ops-matrix__mark ops-matrix__mark--pattern">✓</span> ${t('legendPattern')}</span>
          <span><span class="ops-matrix__mark ops-matrix__mark--extra">✓+</span> ${t('legendExtra')}</span>
          <span><span class="ops-matrix__mark ops-matrix__mark--none">—</span> ${t('legendNone')}</span>
        </span>
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>
          ${this._loading ? t('refreshing') : t('refresh')}
        </button>
      </div>
      <table class="ops-table ops-matrix" data-testid="roles-matrix">
        <thead>
          <tr>
            <th scope="col">${t('permission')}</th>
            ${roles.map((role) => html`
              <th scope="col" class="ops-matrix__role" data-role=${role.id}>
                ${localized(role.title)}<span class="ops-table__secondary">${role.id}${this._holds(role) ? ` · ${t('you')}` : ''}</span>
              </th>`)}
          </tr>
        </thead>
        <tbody>
          ${permissions.length === 0
            ? html`<tr><td class="ops-empty" colspan=${roles.length + 1}>${t('noPermissions')}</td></tr>`
            : permissions.map((permission) => this._renderRow(permission, roles))}
        </tbody>
      </table>`;
  }

  _renderRow(permission, roles) {
    const grantedBy = Array.isArray(permission.grantedBy) ? permission.grantedBy : [];
    return html`
      <tr data-permission=${permission.name}>
        <th scope="row" class="ops-matrix__permission">
          <span class="ops-table__mono">${permission.name}</span>
          <span class="ops-table__secondary">${localized(permission.title)}</span>
        </th>
        ${roles.map((role) => {
          const granted = grantedBy.includes(role.id);
          const byPattern = granted && patternsAllow(role.patterns, permission.name);
          const kind = !granted ? 'none' : byPattern ? 'pattern' : 'extra';
          const label = kind === 'none' ? t('notGranted') : kind === 'pattern' ? t('grantedByPattern') : t('grantedByExtra');
          return html`
            <td class="ops-matrix__cell" data-role=${role.id} data-granted=${granted ? 'true' : 'false'} title=${label}>
              <span class="ops-matrix__mark ops-matrix__mark--${kind}" aria-hidden="true">
                ${kind === 'none' ? '—' : kind === 'pattern' ? '✓' : '✓+'}</span>
              <span class="ops-visually-hidden">${label}</span>
            </td>`;
        })}
      </tr>`;
  }

  _renderRoles() {
    const canWrite = hasPermission(WRITE);
    return html`
      <h2 class="ops-section-title">${t('grants')}</h2>
      <p class="ops-muted">${t('grantsIntro')}</p>
      <div class="ops-grid ops-roles__grid">
        ${this._roles().map((role) => this._renderRole(role, canWrite))}
      </div>`;
  }

  _renderRole(role, canWrite) {
    const extra = Array.isArray(role.extraGrants) ? role.extraGrants : [];
    const own = this._holds(role);
    return html`
      <section class="ops-card ops-roles__card" data-role=${role.id} aria-labelledby="ops-role-${role.id}">
        <h3 class="ops-roles__title" id="ops-role-${role.id}">
          ${localized(role.title)} <span class="ops-muted ops-mono">${role.id}</span>
        </h3>
        <p class="ops-stat__label">${t('patterns')}</p>
        <ul class="ops-code-list">
          ${(role.patterns ?? []).map((pattern) => html`
            <li class="ops-code ${pattern.startsWith('!') ? 'ops-code--deny' : ''}">${pattern}</li>`)}
        </ul>
        <p class="ops-stat__label">${t('extraGrants')}</p>
        ${extra.length
          ? html`<ul class="ops-code-list" data-testid="extra-grants">${extra.map((name) => html`<li class="ops-code">${name}</li>`)}</ul>`
          : html`<p class="ops-muted ops-roles__none" data-testid="extra-grants">${t('noExtraGrants')}</p>`}
        ${canWrite ? this._renderRoleEditing(role, own) : nothing}
      </section>`;
  }

  _renderRoleEditing(role, own) {
    if (own) {
      return html`<p class="ops-notice ops-notice--info ops-roles__own">${t('ownRole')}</p>`;
    }
    if (this._editing !== role.id) {
      return html`
        <p class="ops-roles__actions">
          <button type="button" class="ops-button ops-button--small" data-action="edit-grants" data-role=${role.id}
              ?disabled=${this._saving} @click=${() => this._startEdit(role)}>${t('edit')}</button>
        </p>`;
    }
    const permissions = this._permissions();
    const declared = new Set(permissions.map((p) => p.name));
    const candidates = permissions.filter((p) => !patternsAllow(role.patterns, p.name));
    const dropped = (role.extraGrants ?? []).filter((name) => !declared.has(name));
    return html`
      <form class="ops-roles__editor" data-testid="grants-form" data-role=${role.id} novalidate
          @submit=${(event) => { event.preventDefault(); this._save(role); }}>
        <fieldset class="ops-checks">
          <legend class="ops-field__label">${t('editTitle', { role: localized(role.title) })}</legend>
          <span class="ops-field__hint">${t('editHint')}</span>
          ${candidates.length === 0
            ? html`<p class="ops-muted">${t('nothingToGrant')}</p>`
            : candidates.map((permission) => html`
              <label class="ops-check">
                <input type="checkbox" name="permissions" value=${permission.name}
                    .checked=${this._selection.includes(permission.name)}
                    @change=${(event) => this._toggle(permission.name, event.target.checked)}>
                <span class="ops-check__text"><span class="ops-mono">${permission.name}</span>
                  <span class="ops-check__hint">${localized(permission.title)}</span></span>
              </label>`)}
        </fieldset>
        ${dropped.length ? html`<p class="ops-notice ops-notice--warn">${t('dropped', { names: dropped.join(', ') })}</p>` : nothing}
        ${this._saveError ? html`<p class="ops-error ops-form__error" role="alert" data-testid="grants-error">${this._saveError}</p>` : nothing}
        <div class="ops-form__actions">
          <button type="submit" class="ops-button ops-button--primary ops-button--small" data-action="save-grants"
              ?disabled=${this._saving}>${this._saving ? t('saving') : t('save')}</button>
          <button type="button" class="ops-button ops-button--small" data-action="cancel"
              @click=${() => { this._editing = ''; this._saveError = ''; }}>${t('cancel')}</button>
        </div>
      </form>`;
  }
}

if (!customElements.get('ops-roles-page')) {
  customElements.define('ops-roles-page', OpsRolesPage);
}
