/**
 * `<ops-plugins-page>`: the Modules page (模块管理). The modules installed at runtime with their bundles' states
 * (`GET /api/plugins`); uploading a feature archive or a bundle jar, whose trust check and plan (what is installed,
 * updated, removed, started, and which other bundles are refreshed) are shown before anything changes
 * (`POST /api/plugins/uploads`, then `.../apply`); removing a module (plan first, `DELETE /api/plugins/features/<key>`);
 * and the change history with revert (`GET /api/plugins/changes`, `POST /api/plugins/changes/<n>/revert`), each change
 * linked to the backup that protected it when the backup module took or named one. Changing needs `plugins.install`.
 */
import { LitElement, html, nothing } from 'lit';
import { api, formatDateTime, formatNumber, hasPermission, inLanguage, lang, messages, problemText } from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '模块管理',
    intro: '在控制台运行时安装、更新和卸载扩展模块。每次变更先检查代码签名并给出计划，确认后整体执行；任何一步失败都会回滚到变更前的状态。',
    devMode: '开发模式：控制台会安装未经签名校验的代码，切勿用于生产环境。',
    signedMode: '只安装由信任库中的密钥签名、或在允许清单中的模块。',
    installed: '已安装的模块',
    none: '尚未安装扩展模块。',
    name: '名称', version: '版本', bundles: '组件包', source: '来源', installedAt: '安装时间', actions: '操作',
    remove: '卸载', removing: '正在计划…',
    upload: '安装或更新模块',
    tooLarge: '文件有 {size} 字节，超过上传上限 {max} 字节。',
    fromRepository: '或按编号从仓库安装（{repositories}）', fetch: '获取并检查', choose: '选择功能包（.zip）或模块（.jar）', uploading: '正在上传并检查…',
    plan: '变更计划', action_INSTALL: '安装', action_UPDATE: '更新', action_UNINSTALL: '卸载', action_REVERT: '回退',
    install: '将安装', update: '将更新', removeList: '将卸载', start: '将启动', refresh: '将刷新（短暂重启）的其他模块',
    nothingElse: '无', problems: '无法执行的原因', notes: '注意', trust: '信任校验',
    apply: '确认执行', applying: '正在执行…', cancel: '取消',
    applied: '变更 {change} 已完成。', failed: '变更失败，已回滚：{message}', refused: '变更未执行，控制台保持原状。',
    history: '变更历史', when: '时间', who: '操作人', what: '变更', outcome: '结果',
    outcome_APPLIED: '已完成', outcome_ROLLED_BACK: '已回滚', backup: '备份 {id}',
    revert: '回退到此变更之前', reverting: '正在计划…',
    loading: '正在加载…', loadFailed: '无法加载：{message}', retry: '重试', empty: '没有变更记录。',
    stateACTIVE: '运行中', stateRESOLVED: '已停止', stateINSTALLED: '未解析', stateMISSING: '缺失',
    stateSTARTING: '启动中', stateSTOPPING: '停止中', stateUNINSTALLED: '已卸载',
  },
  en: {
    title: 'Modules',
    intro: 'Install, update and remove extension modules while the console runs. Every change checks the code signatures and shows a plan first; confirmed, it is applied as a whole, and any failing step rolls back to the state before.',
    devMode: 'Development mode: the console installs code that was not verified. Never use it in production.',
    signedMode: 'Only modules signed by a key of the truststore, or on the allow-list, are installed.',
    installed: 'Installed modules',
    none: 'No extension modules are installed yet.',
    name: 'Name', version: 'Version', bundles: 'Bundles', source: 'Source', installedAt: 'Installed', actions: 'Actions',
    remove: 'Remove', removing: 'Planning…',
    upload: 'Install or update a module',
    tooLarge: 'The file has {size} bytes, more than the upload limit of {max} bytes.',
    fromRepository: 'Or install by id from a repository ({repositories})', fetch: 'Fetch and check', choose: 'Choose a feature archive (.zip) or a bundle (.jar)', uploading: 'Uploading and checking…',
    plan: 'Plan', action_INSTALL: 'Install', action_UPDATE: 'Update', action_UNINSTALL: 'Remove', action_REVERT: 'Revert',
    install: 'Installs', update: 'Updates', removeList: 'Removes', start: 'Starts', refresh: 'Other bundles refreshed (briefly restarted)',
    nothingElse: 'none', problems: 'Why it cannot be done', notes: 'Note', trust: 'Trust check',
    apply: 'Apply', applying: 'Applying…', cancel: 'Cancel',
    applied: 'Change {change} is done.', failed: 'The change failed and was rolled back: {message}', refused: 'The change was not applied; nothing changed.',
    history: 'Change history', when: 'When', who: 'Who', what: 'Change', outcome: 'Outcome',
    outcome_APPLIED: 'Applied', outcome_ROLLED_BACK: 'Rolled back', backup: 'backup {id}',
    revert: 'Revert to before this change', reverting: 'Planning…',
    loading: 'Loading…', loadFailed: 'Could not load: {message}', retry: 'Retry', empty: 'No changes yet.',
    stateACTIVE: 'Running', stateRESOLVED: 'Stopped', stateINSTALLED: 'Not resolved', stateMISSING: 'Missing',
    stateSTARTING: 'Starting', stateSTOPPING: 'Stopping', stateUNINSTALLED: 'Removed',
  },
});

const URL_BASE = '/api/plugins';

/**
 * The backup that protected a change: `备份 1a2b3c4d` / `backup 1a2b3c4d` (a long id shortened, whole in the tooltip),
 * linked when its link is a console path.
 */
function backupOf(change) {
  if (!change.backupId) {
    return nothing;
  }
  const id = change.backupId.length > 12 ? `${change.backupId.slice(0, 8)}…` : change.backupId;
  const label = t('backup', { id });
  const link = typeof change.backupLink === 'string' && /^(#|\/(?![/\\]))/.test(change.backupLink) ? change.backupLink : null;
  return html`<span class="ops-table__secondary" title=${change.backupId} data-testid="plugins-backup">${link
    ? html`<a href=${link}>${label}</a>` : label}</span>`;
}

/** What the page keeps of a planned upload: its plan, trust decisions, and how to apply or discard it. */
function pendingUpload(prepared) {
  const url = `${URL_BASE}/uploads/${encodeURIComponent(prepared.id)}`;
  return {
    kind: prepared.action,
    title: prepared.feature?.name ?? prepared.feature?.id,
    plan: prepared.plan,
    trust: prepared.trust,
    apply: () => api(`${url}/apply`, { method: 'POST' }),
    cancel: () => api(url, { method: 'DELETE' }),
  };
}

class OpsPluginsPage extends LitElement {
  static properties = {
    _overview: { state: true },
    _changes: { state: true },
    _error: { state: true },
    _pending: { state: true },
    _busy: { state: true },
    _notice: { state: true },
  };

  constructor() {
    super();
    this._overview = null;
    this._changes = null;
    this._error = null;
    this._pending = null;
    this._busy = false;
    this._notice = null;
    this._onLangChange = () => this.requestUpdate();
  }

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
      const [overview, history] = await Promise.all([api(URL_BASE), api(`${URL_BASE}/changes?limit=50`)]);
      this._overview = overview;
      this._changes = history?.changes ?? [];
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  async _upload(event) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) {
      return;
    }
    this._notice = null;
    this._pending = null;
    const max = this._overview?.maxUploadBytes;
    if (max && file.size > max) {
      this._notice = { ok: false, text: t('tooLarge', { size: formatNumber(file.size), max: formatNumber(max) }) };
      return;
    }
    this._busy = true;
    try {
      const prepared = await api(`${URL_BASE}/uploads?name=${encodeURIComponent(file.name)}`, {
        method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' },
      });
      this._pending = pendingUpload(prepared);
    } catch (error) {
      this._refused(error, file.name);
    } finally {
      this._busy = false;
    }
  }

  async _fromRepository(event) {
    event.preventDefault();
    const feature = new FormData(event.target).get('feature')?.toString().trim();
    if (!feature) {
      return;
    }
    this._busy = true;
    this._notice = null;
    this._pending = null;
    try {
      const prepared = await api(`${URL_BASE}/repository`, { method: 'POST', json: { feature } });
      this._pending = pendingUpload(prepared);
    } catch (error) {
      this._refused(error, feature);
    } finally {
      this._busy = false;
    }
  }

  /** A refused upload: the reason, and the plan when the server made one. */
  _refused(error, title) {
    this._notice = { ok: false, text: problemText(error) };
    const plan = error?.problem?.plan;
    if (plan) {
      this._pending = { kind: 'INSTALL', title, plan, trust: error.problem.trust, refused: true };
    }
  }

  async _planRemove(feature) {
    await this._plan('UNINSTALL', feature.name ?? feature.id,
      () => api(`${URL_BASE}/features/${encodeURIComponent(feature.key)}?dryRun=true`, { method: 'DELETE' }),
      () => api(`${URL_BASE}/features/${encodeURIComponent(feature.key)}`, { method: 'DELETE' }));
  }

  async _planRevert(change) {
    await this._plan('REVERT', `#${change.id}`,
      () => api(`${URL_BASE}/changes/${change.id}/revert?dryRun=true`, { method: 'POST' }),
      () => api(`${URL_BASE}/changes/${change.id}/revert`, { method: 'POST' }));
  }

  async _plan(kind, title, dryRun, apply) {
    this._busy = true;
    this._notice = null;
    try {
      const answer = await dryRun();
      this._pending = { kind, title, plan: answer.plan, apply, refused: !answer.plan?.feasible };
    } catch (error) {
      this._notice = { ok: false, text: problemText(error) };
    } finally {
      this._busy = false;
    }
  }

  async _apply() {
    const pending = this._pending;
    this._busy = true;
    try {
      const done = await pending.apply();
      this._notice = { ok: true, text: t('applied', { change: done.change }) };
      this._pending = null;
    } catch (error) {
      const plan = error?.problem?.plan;
      if (plan) {
        // refused before anything was touched (a failed pre-upgrade backup, say): the plan shows why
        this._notice = { ok: false, text: t('refused') };
        this._pending = { ...pending, plan, refused: true };
      } else {
        this._notice = { ok: false, text: t('failed', { message: problemText(error) }) };
        this._pending = null;
      }
    } finally {
      this._busy = false;
      await this._load();
    }
  }

  async _cancel() {
    const pending = this._pending;
    this._pending = null;
    if (pending?.cancel) {
      try {
        await pending.cancel();
      } catch {
        // it expires anyway
      }
    }
  }

  render() {
    const mayChange = hasPermission('plugins.install');
    const dev = this._overview?.trust?.developmentMode;
    return html`
      <link rel="stylesheet" href=${new URL('plugins.css', import.meta.url).href}>
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._overview ? html`
        <p class="ops-notice ${dev ? 'ops-notice--warn' : 'ops-notice--ok'}" data-testid="trust-mode">${dev ? t('devMode') : t('signedMode')}</p>` : nothing}
      ${this._notice ? html`
        <p class="ops-notice ${this._notice.ok ? 'ops-notice--ok' : 'ops-notice--warn'}" role=${this._notice.ok ? 'status' : 'alert'}
            data-testid="plugins-notice">${this._notice.text}</p>` : nothing}
      ${this._error ? html`
        <div class="ops-error" role="alert"><strong>${t('loadFailed', { message: problemText(this._error) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this._load()}>${t('retry')}</button></p></div>` : nothing}
      ${mayChange ? html`
        <section class="ops-card" aria-labelledby="plugins-upload">
          <h2 id="plugins-upload">${t('upload')}</h2>
          <label class="ops-plugins-upload">
            <span>${this._busy ? t('uploading') : t('choose')}</span>
            <input type="file" accept=".zip,.jar" ?disabled=${this._busy} data-testid="plugins-file" @change=${(e) => this._upload(e)}>
          </label>
          <form class="ops-plugins-upload" @submit=${(e) => this._fromRepository(e)}>
            <label for="plugins-feature-id">${t('fromRepository', { repositories: (this._overview?.repositories ?? []).join(', ') })}</label>
            <input id="plugins-feature-id" name="feature" class="ops-input ops-mono" placeholder="org.example:reports:1.0.0" required
                ?disabled=${this._busy} data-testid="plugins-feature-id">
            <button type="submit" class="ops-button" ?disabled=${this._busy}>${t('fetch')}</button>
          </form>
        </section>` : nothing}
      ${this._pending ? this._renderPlan(this._pending, mayChange) : nothing}
      <h2>${t('installed')}</h2>
      ${this._overview === null ? (this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`) : this._renderInstalled(mayChange)}
      <h2>${t('history')}</h2>
      ${this._changes === null ? nothing : this._renderHistory(mayChange)}`;
  }

  _renderPlan(pending, mayChange) {
    const plan = pending.plan ?? {};
    const list = (steps, fmt) => (steps?.length ? html`<ul>${steps.map((s) => html`<li class="ops-mono">${fmt(s)}</li>`)}</ul>`
      : html`<p class="ops-muted">${t('nothingElse')}</p>`);
    const named = (s) => `${s.symbolicName} ${s.version}`;
    return html`
      <section class="ops-card" data-testid="plugins-plan" aria-labelledby="plugins-plan-title">
        <h2 id="plugins-plan-title">${t('plan')}：${t(`action_${pending.kind}`)} ${pending.title ?? ''}</h2>
        ${plan.problems?.length ? html`
          <div class="ops-error" role="alert"><strong>${t('problems')}</strong>
            <ul>${plan.problems.map((p) => html`<li>${lang() === 'en' ? p.en : p.zh}</li>`)}</ul></div>` : nothing}
        ${plan.notes?.length ? html`<p class="ops-notice ops-notice--warn">${plan.notes.map((n) => (lang() === 'en' ? n.en : n.zh)).join(' ')}</p>` : nothing}
        <div class="ops-plugins-plan">
          <div><h3>${t('install')}</h3>${list(plan.install, named)}</div>
          <div><h3>${t('update')}</h3>${list(plan.update, (s) => `${s.symbolicName} ${s.previousVersion} → ${s.version}`)}</div>
          <div><h3>${t('removeList')}</h3>${list(plan.remove, named)}</div>
          <div><h3>${t('start')}</h3>${list(plan.start, named)}</div>
          <div><h3>${t('refresh')}</h3>${list(plan.refresh, named)}</div>
        </div>
        ${pending.trust?.length ? html`<h3>${t('trust')}</h3><ul>${pending.trust.map((d) => html`
          <li><span class="ops-badge ${d.trusted ? 'ops-badge--ok' : 'ops-badge--error'}">${d.basis}</span>
            <span class="ops-mono">${d.artifact}</span> ${lang() === 'en' ? d.reasonEn : d.reasonZh}</li>`)}</ul>` : nothing}
        <div class="ops-toolbar">
          ${mayChange && !pending.refused && plan.feasible ? html`
            <button type="button" class="ops-button ops-button--primary" data-testid="plugins-apply" ?disabled=${this._busy}
                @click=${() => this._apply()}>${this._busy ? t('applying') : t('apply')}</button>` : nothing}
          <button type="button" class="ops-button" ?disabled=${this._busy} @click=${() => this._cancel()}>${t('cancel')}</button>
        </div>
      </section>`;
  }

  _renderInstalled(mayChange) {
    const features = this._overview.features ?? [];
    return html`
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="plugins-table">
          <thead><tr><th>${t('name')}</th><th>${t('version')}</th><th>${t('bundles')}</th><th>${t('source')}</th>
            <th>${t('installedAt')}</th>${mayChange ? html`<th>${t('actions')}</th>` : nothing}</tr></thead>
          <tbody>
            ${features.length === 0 ? html`<tr><td class="ops-empty" colspan=${mayChange ? 6 : 5}>${t('none')}</td></tr>`
              : features.map((f) => html`
                <tr data-feature=${f.key}>
                  <td><strong>${f.name ?? f.id}</strong><span class="ops-table__secondary ops-mono">${f.id}</span>
                    ${f.description ? html`<span class="ops-table__secondary">${inLanguage(f, 'description')}</span>` : nothing}</td>
                  <td class="ops-mono ops-plugins-nowrap">${f.version}</td>
                  <td>${(f.bundles ?? []).map((b) => html`<div><span class="ops-mono">${b.symbolicName} ${b.version}</span>
                    <span class="ops-badge ${b.state === 'ACTIVE' ? 'ops-badge--ok' : 'ops-badge--warn'}">${t(`state${b.state}`)}</span></div>`)}</td>
                  <td class="ops-mono">${f.source}</td>
                  <td>${f.installedAt ? formatDateTime(f.installedAt) : ''}<span class="ops-table__secondary">${f.installedBy ?? ''}</span></td>
                  ${mayChange ? html`<td><button type="button" class="ops-button ops-button--small" ?disabled=${this._busy}
                      data-testid="plugins-remove" @click=${() => this._planRemove(f)}>${t('remove')}</button></td>` : nothing}
                </tr>`)}
          </tbody>
        </table>
      </div>`;
  }

  _renderHistory(mayChange) {
    const changes = this._changes;
    return html`
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="plugins-history">
          <thead><tr><th class="ops-table__number">#</th><th>${t('when')}</th><th>${t('who')}</th><th>${t('what')}</th>
            <th>${t('outcome')}</th>${mayChange ? html`<th>${t('actions')}</th>` : nothing}</tr></thead>
          <tbody>
            ${changes.length === 0 ? html`<tr><td class="ops-empty" colspan=${mayChange ? 6 : 5}>${t('empty')}</td></tr>`
              : changes.map((c) => html`
                <tr data-change=${c.id}>
                  <td class="ops-table__number">${c.id}</td>
                  <td>${formatDateTime(c.at)}</td>
                  <td>${c.actor}</td>
                  <td><strong>${t(`action_${c.action}`)}</strong> <span class="ops-mono">${c.feature}</span>
                    <span class="ops-table__secondary">${c.summary}</span>
                    ${c.error ? html`<span class="ops-table__secondary ops-plugins-error">${c.error}</span>` : nothing}
                    ${backupOf(c)}</td>
                  <td><span class="ops-badge ${c.outcome === 'APPLIED' ? 'ops-badge--ok' : 'ops-badge--error'}">${t(`outcome_${c.outcome}`)}</span></td>
                  ${mayChange ? html`<td>${c.outcome === 'APPLIED' ? html`<button type="button" class="ops-button ops-button--small"
                      ?disabled=${this._busy} @click=${() => this._planRevert(c)}>${t('revert')}</button>` : nothing}</td>` : nothing}
                </tr>`)}
          </tbody>
        </table>
      </div>`;
  }
}

customElements.define('ops-plugins-page', OpsPluginsPage);
