/**
 * `<ops-backup-targets-page>`: the Backup targets page (备份对象). What is backed up — the console's database, the
 * platform's databases (a JDBC URL or a registered data source), folders — when (a cron schedule), how long it is kept
 * (keep the last N, daily, weekly, monthly), when to raise the alarm because no backup completed (the dead-man's
 * switch), and whether it is backed up before upgrades; each with its latest backup and, for operators, "back up now"
 * (`POST /api/backups/runs`). Users with `backup.configure` create, change and delete targets in a form above the list
 * (`/api/backups/targets`); the kinds' settings come from `GET /api/backups/kinds`, secrets are never shown. A target may
 * have an English name, which the English UI shows; changing its name in the form clears the English name until one is
 * given again (as the API does when a new name comes without one).
 */
import { html, nothing } from 'lit';
import {
  EditableListPage, api, formatDateTime, hasPermission, lang, listOf, readSettings, renderSettings, renderTable, settingValues,
  storedSecrets,
} from 'opsconsole/pages';
import { API, PERMISSIONS, STYLESHEET, backupMessages, contentText, stateBadge, targetName } from './backups-common.js';

const t = backupMessages({
  'zh-CN': {
    title: '备份对象',
    intro: '要备份的数据库与文件夹、备份计划和保留策略。每个对象按计划由控制台的计划任务备份；超过“按时检查”的小时数仍没有完成的备份时，会向运维人员告警。',
    newTarget: '新建备份对象',
    readOnly: '只有拥有“配置备份”权限的用户可以修改备份对象。',
    saved: '已保存备份对象“{name}”。',
    deleteTitle: '删除备份对象“{name}”',
    deleteText: '删除后不再按计划备份；已有的备份仍保留在仓库中，可在备份记录中查看和恢复。',
    deleted: '已删除备份对象“{name}”。',
    notFound: '没有编号为 {id} 的备份对象。',
    empty: '还没有备份对象。',
    name: '名称',
    nameEn: '英文名称',
    nameEnHint: '可不填。英文界面显示此名称，不填则显示上面的名称。修改名称时英文名称会清空，请一并填写新的英文名称。',
    kind: '种类',
    where: '位置',
    schedule: '备份计划',
    scheduleHint: 'cron 表达式（含秒）：0 0 2 * * ? 为每天 2:00，0 0 */6 * * ? 为每 6 小时，0 30 1 ? * SUN 为每周日 1:30；留空为仅手动备份。',
    manualOnly: '仅手动',
    daily: '每天 {time}',
    retention: '保留策略',
    keepLast: '保留最近',
    keepDaily: '每日保留（天）',
    keepWeekly: '每周保留（周）',
    keepMonthly: '每月保留（月）',
    retentionHint: '按天、周、月各保留最新的一份；无论策略如何，最新的一份和最新一份校验通过的备份都不会被清理。',
    retentionText: '最近 {last} · 日 {daily} · 周 {weekly} · 月 {monthly}',
    expectHours: '按时检查（小时）',
    expectHint: '超过这么多小时没有完成的备份就告警；0 为不检查。每天备份时建议 26。',
    upgrade: '升级前备份',
    upgradeHint: '模块变更前（控制台数据库）或“平台升级前备份”时一并备份',
    withNote: '{text}（{note}）',
    enabled: '按计划备份',
    latest: '最近一次备份',
    never: '从未备份',
    overdue: '超时未备份',
    onTime: '按时',
    backupNow: '立即备份',
    backupStarted: '已开始备份“{name}”，进度见“备份与恢复”页。',
    consoleWhere: '控制台自己的数据库',
    consoleHint: '控制台自己的数据库（各模块的数据）无需设置。',
    actions: '操作',
    badNumber: '请填写 0 或正整数',
  },
  en: {
    title: 'Backup targets',
    intro: 'The databases and folders to back up, their schedules and retention. Each target is backed up on its schedule by the console\'s scheduler; when no backup completed within its "on time" hours, the operations team is alerted.',
    newTarget: 'New target',
    readOnly: 'Only users allowed to configure backups can change the targets.',
    saved: 'Target "{name}" saved.',
    deleteTitle: 'Delete target "{name}"',
    deleteText: 'It is no longer backed up on schedule; its backups stay in the repository and can still be restored.',
    deleted: 'Target "{name}" deleted.',
    notFound: 'No target {id}.',
    empty: 'No targets yet.',
    name: 'Name',
    nameEn: 'English name',
    nameEnHint: 'Optional. The English UI shows it, or the name above when there is none. Changing the name clears it: give the new name in English too.',
    kind: 'Kind',
    where: 'Where',
    schedule: 'Schedule',
    scheduleHint: 'A cron expression with seconds: 0 0 2 * * ? is every day at 2:00, 0 0 */6 * * ? every 6 hours, 0 30 1 ? * SUN Sundays at 1:30; empty for by hand only.',
    manualOnly: 'By hand only',
    daily: 'Daily at {time}',
    retention: 'Retention',
    keepLast: 'Keep last',
    keepDaily: 'Daily (days)',
    keepWeekly: 'Weekly (weeks)',
    keepMonthly: 'Monthly (months)',
    retentionHint: 'The newest backup of each day, week and month is kept; the newest backup and the newest verified one are never pruned.',
    retentionText: 'last {last} · daily {daily} · weekly {weekly} · monthly {monthly}',
    expectHours: 'On time (hours)',
    expectHint: 'Alert when no backup completed for this many hours; 0 for never. 26 suits a daily backup.',
    upgrade: 'Back up before upgrades',
    upgradeHint: 'before module changes (the console database) and in the platform\'s pre-upgrade backup',
    withNote: '{text} ({note})',
    enabled: 'Back up on schedule',
    latest: 'Latest backup',
    never: 'Never backed up',
    overdue: 'Overdue',
    onTime: 'On time',
    backupNow: 'Back up now',
    backupStarted: 'Backing up "{name}"; the Backups page shows the progress.',
    consoleWhere: 'The console\'s own database',
    consoleHint: 'The console\'s own database (every module\'s data) needs no settings.',
    actions: 'Actions',
    badNumber: 'Enter 0 or a whole number',
  },
});

const NUMBERS = ['keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly', 'expectHours'];

/** A schedule in words when it is a simple daily one, else the expression. */
function scheduleText(cron) {
  if (!cron) {
    return t('manualOnly');
  }
  const daily = /^0 (\d{1,2}) (\d{1,2}) \* \* \?$/.exec(cron);
  return daily ? t('daily', { time: `${daily[2]}:${daily[1].padStart(2, '0')}` }) : cron;
}

class OpsBackupTargetsPage extends EditableListPage {
  static stylesheet = STYLESHEET;

  static editing = {
    t, prefix: 'target', api: API, collection: 'targets', permission: PERMISSIONS.CONFIGURE, newText: 'newTarget',
    readOnly: 'readOnly', route: 'backup-targets',
  };

  constructor() {
    super();
    this._kinds = [];
  }

  async fetchData() {
    const [targets, kinds] = await Promise.all([api(`${API}/targets`), api(`${API}/kinds`)]);
    this._kinds = listOf(kinds);
    return listOf(targets);
  }

  _kind(id) {
    return this._kinds.find((k) => k.id === id) ?? { id, fields: [] };
  }

  formValues(item) {
    const kind = item?.kind ?? 'database';
    return {
      name: item?.name ?? '', nameEn: item?.nameEn ?? '', nameEnEdited: false, kind,
      schedule: item ? (item.schedule ?? '') : '0 0 2 * * ?',
      keepLast: String(item?.keepLast ?? 3), keepDaily: String(item?.keepDaily ?? 7), keepWeekly: String(item?.keepWeekly ?? 4),
      keepMonthly: String(item?.keepMonthly ?? 6), expectHours: String(item ? (item.expectHours ?? 0) : 26),
      upgrade: item ? item.upgrade : true, enabled: item ? item.enabled : true,
      settings: settingValues(this._kind(kind).fields, item?.settings),
    };
  }

  /**
   * A new kind has its own settings. A new name clears the English name the user has not changed (it named the old
   * name), and the old name brings it back.
   */
  setValue(field, value) {
    super.setValue(field, value);
    if (field === 'kind') {
      this.resetSettings(this._kind(value).fields);
    } else if (field === 'nameEn') {
      this._form = { ...this._form, values: { ...this._form.values, nameEnEdited: true } };
    } else if (field === 'name' && this._form.item && !this._form.values.nameEnEdited) {
      const item = this._form.item;
      const nameEn = value.trim() === item.name ? (item.nameEn ?? '') : '';
      this._form = { ...this._form, values: { ...this._form.values, nameEn } };
    }
  }

  /** The names of the secrets the form's target has stored, null for a new one. */
  _secrets(form) {
    return form.item ? storedSecrets(form.item.settings) : null;
  }

  formBody(form) {
    const v = form.values;
    const errors = {};
    const body = {
      name: v.name.trim(), nameEn: v.nameEn.trim(), schedule: v.schedule.trim(), upgrade: Boolean(v.upgrade), enabled: Boolean(v.enabled),
    };
    for (const field of NUMBERS) {
      const text = String(v[field]).trim();
      if (!/^\d+$/.test(text)) {
        errors[field] = [t('badNumber')];
      } else {
        body[field] = Number(text);
      }
    }
    if (!form.item) {
      body.kind = v.kind;
    }
    const { settings, errors: settingErrors } = readSettings(this._kind(form.item?.kind ?? v.kind).fields, v.settings,
      this._secrets(form));
    body.settings = settings;
    return { body, errors: { ...errors, ...settingErrors } };
  }

  savedText(saved, body) {
    return t('saved', { name: targetName(saved) || body.name });
  }

  /** Asks with the target's name in the current language. */
  deleteItem(target) {
    return super.deleteItem({ ...target, name: targetName(target) });
  }

  _backUpNow(target) {
    return this.act(`backup-${target.id}`, () => api(`${API}/runs`, { method: 'POST', json: { targetId: target.id } }),
      t('backupStarted', { name: targetName(target) }));
  }

  _where(target) {
    const s = target.settings ?? {};
    if (target.kind === 'console') {
      return t('consoleWhere');
    }
    return s.dataSource || s.url || s.path || '—';
  }

  renderContent(targets) {
    const mayEdit = this.mayEdit();
    const mayOperate = hasPermission(PERMISSIONS.OPERATE);
    return renderTable({
      testid: 'targets',
      columns: [t('name'), t('kind'), t('where'), t('schedule'), t('retention'), t('latest'), t('expectHours'), t('actions')],
      items: targets,
      empty: t('empty'),
      row: (x) => html`
        <tr data-target=${x.id} data-kind=${x.kind}>
          <td>${targetName(x)}${x.upgrade ? html`<span class="ops-table__secondary">${t('upgrade')}</span>` : nothing}</td>
          <td>${t(x.kind)}</td>
          <td class="ops-table__mono ops-backups-wrap">${this._where(x)}</td>
          <td>${scheduleText(x.schedule)}${x.enabled ? nothing : html`<span class="ops-table__secondary">${t('disabled')}</span>`}</td>
          <td>${t('retentionText', { last: x.keepLast, daily: x.keepDaily, weekly: x.keepWeekly, monthly: x.keepMonthly })}</td>
          <td>${x.latest ? html`${stateBadge(x.latest.state)}<span class="ops-table__secondary">${formatDateTime(x.latest.startedAt)}</span>
              <span class="ops-table__secondary">${contentText(x.latest)}</span>` : html`<span class="ops-muted">${t('never')}</span>`}</td>
          <td>${x.expectHours ? html`${x.expectHours}
              ${x.overdueAt ? html`<span class="ops-badge ops-badge--error" data-testid="overdue">${t('overdue')}</span>`
                : html`<span class="ops-badge ops-badge--ok">${t('onTime')}</span>`}` : '—'}</td>
          <td><span class="ops-actions">
            ${mayOperate ? html`<button type="button" class="ops-button ops-button--small" data-testid="backup-now"
                ?disabled=${this.isBusy(`backup-${x.id}`)} @click=${() => this._backUpNow(x)}>${t('backupNow')}</button>` : nothing}
            ${mayEdit ? html`
              <button type="button" class="ops-button ops-button--small" data-testid="edit-target" @click=${() => this.openForm(x)}>${t('edit')}</button>
              <button type="button" class="ops-button ops-button--small ops-button--danger" data-testid="delete-target"
                  ?disabled=${this.isBusy(`delete-${x.id}`)} @click=${() => this.deleteItem(x)}>${t('delete')}</button>` : nothing}
          </span></td>
        </tr>`,
    });
  }

  renderForm(form) {
    const v = form.values;
    const kind = this._kind(form.item?.kind ?? v.kind);
    const english = lang() === 'en';
    return this.renderFormCard({
      title: form.item ? targetName(form.item) : t('newTarget'),
      fields: html`
        ${this.renderInput('name', t('name'), { required: true })}
        ${this.renderInput('nameEn', t('nameEn'), { hint: t('nameEnHint') })}
        ${form.item ? html`<p class="ops-muted">${t('kind')}${t('colon')}${t(form.item.kind)}</p>`
          : this.renderSelect('kind', t('kind'), this._kinds.map((k) => [k.id, english ? k.titleEn : k.title]))}
        ${kind.id === 'console' ? html`<p class="ops-field__hint">${t('consoleHint')}</p>` : nothing}
        ${renderSettings(kind.fields, v.settings, {
          prefix: 'target', errors: form.errors, secrets: this._secrets(form), onInput: (name, value) => this.setSetting(name, value),
        })}
        ${this.renderInput('schedule', t('schedule'), { hint: t('scheduleHint'), mono: true })}
        <fieldset class="ops-fieldset">
          <legend class="ops-field__label">${t('retention')}</legend>
          <div class="ops-backups-retention">
            ${['keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly'].map((f) => this.renderInput(f, t(f), { inputmode: 'numeric' }))}
          </div>
          <span class="ops-field__hint">${t('retentionHint')}</span>
        </fieldset>
        ${this.renderInput('expectHours', t('expectHours'), { inputmode: 'numeric', hint: t('expectHint') })}
        <div class="ops-checks">
          ${this.renderCheckbox('upgrade', t('withNote', { text: t('upgrade'), note: t('upgradeHint') }))}
          ${this.renderCheckbox('enabled', t('enabled'))}
        </div>`,
    });
  }
}

if (!customElements.get('ops-backup-targets-page')) {
  customElements.define('ops-backup-targets-page', OpsBackupTargetsPage);
}
