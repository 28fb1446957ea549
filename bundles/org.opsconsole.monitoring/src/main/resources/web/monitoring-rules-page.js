/**
 * `<ops-monitoring-rules-page>`: the Alert rules page (告警规则). The rules (`GET /api/monitoring/rules`) and, for users
 * with `monitoring.configure`, a form to create or change one (`POST`/`PUT /api/monitoring/rules[/<id>]`) whose fields
 * follow the rule's kind — threshold (aggregation, window, comparison, threshold, clear threshold), rate (window,
 * comparison, threshold per minute) or absence (window) — with the for-duration, the targets it applies to (all, one,
 * or those with labels), series labels, severity, notification channels, escalation and whether it is enabled; the
 * server's field errors show next to the fields. Deleting asks first; built-in rules can be changed and disabled but
 * not deleted. `#/monitoring-rules/edit/<id>` opens a rule's form directly.
 */
import { html, nothing } from 'lit';
import { formatDuration, hasPermission } from 'opsconsole';
import {
  API, EditableListPage, PERMISSIONS, SEVERITIES, api, formatDateTime, labelsText, listOf, metricTitle, pageMessages,
  parseLabels, renderField, renderTable, ruleDescription, ruleName, severityBadge, targetName, targetNameById,
} from './monitoring-common.js';

const t = pageMessages({
  'zh-CN': {
    title: '告警规则',
    intro: '告警规则按指标的取值判断是否告警：超过阈值、变化过快或长时间没有数据。条件持续满足“持续时间”后才告警；设置恢复阈值可避免数值在阈值附近波动时反复告警。',
    readOnly: '您没有配置告警规则的权限，本页只读。',
    newRule: '新建规则',
    noRules: '尚未定义告警规则。',
    name: '名称', description: '说明', kind: '类型', condition: '条件', scope: '适用范围', severity: '级别',
    channels: '通知渠道', status: '状态', updated: '最后修改', actions: '操作',
    THRESHOLD: '阈值', RATE: '变化率', ABSENT: '无数据',
    kindHint_THRESHOLD: '在时间窗口内对指标取聚合值，与阈值比较。',
    kindHint_RATE: '指标每分钟的变化量与阈值比较，例如请求错误数激增。',
    kindHint_ABSENT: '在时间窗口内没有收到该指标的数据即告警。',
    metric: '指标',
    metricHint: '指标名，例如 http_latency_ms、disk_used_ratio（比例取 0–1）',
    aggregation: '聚合方式',
    agg_last: '最新值', agg_avg: '平均值', agg_min: '最小值', agg_max: '最大值',
    windowSeconds: '时间窗口（秒）',
    op: '比较',
    threshold: '阈值',
    thresholdRate: '阈值（每分钟）',
    clearThreshold: '恢复阈值',
    clearHint: '可选。告警后，数值越过此值才算恢复（滞回）。',
    forSeconds: '持续时间（秒）',
    forHint: '条件须持续满足这么久才告警；0 表示立即告警。',
    scopeAll: '所有目标',
    scopeTarget: '指定目标',
    scopeLabels: '带有以下标签的目标',
    target: '目标',
    chooseTarget: '请选择目标',
    targetLabels: '目标标签',
    seriesLabels: '序列标签',
    seriesLabelsHint: '可选。只看带有这些标签的序列，例如 mount=/data。',
    channelsHint: '告警与恢复时通知这些渠道；不选则只发到站内信。',
    channelsText: '通知渠道编号',
    withNote: '{text}（{note}）',
    channelsTextHint: '以逗号分隔的渠道编号（您无权查看渠道列表）。',
    escalation: '升级',
    escalateMinutes: '未确认多少分钟后升级',
    escalateHint: '可选。留空表示不升级。',
    escalateChannels: '升级通知渠道',
    escalateRoles: '升级通知角色',
    rolesHint: '以逗号分隔的角色编号，例如 sysadmin, operator',
    enabledLabel: '启用此规则',
    builtIn: '内置',
    builtInHint: '内置规则可修改或停用，不能删除。',
    englishHint: '英文界面中显示为“{name}”；修改名称或说明后，英文界面改为显示您填写的文字。',
    editTitle: '修改规则“{name}”',
    createTitle: '新建告警规则',
    saved: '已保存规则“{name}”。',
    deleted: '已删除规则“{name}”。',
    deleteTitle: '删除规则“{name}”',
    deleteText: '删除后，该规则产生的未解决告警将一并结束。此操作不能撤销。',
    everyTarget: '所有目标',
    labelsScope: '标签 {labels}',
    windowText: '{agg}（{window}）',
    rateText: '每分钟变化（{window}）',
    absentText: '{window} 内无数据',
    forText: '持续 {duration}',
    notFound: '没有编号为 {id} 的规则。',
    badNumber: '请输入数字',
    badWhole: '请输入不小于 0 的整数',
  },
  en: {
    title: 'Alert rules',
    intro: 'Alert rules decide from a metric\'s values when to alert: above a threshold, changing too fast, or no data for a while. A condition must hold for the for-duration before it alerts; a clear threshold keeps a value near the threshold from alerting again and again.',
    readOnly: 'You may not configure alert rules: this page is read-only.',
    newRule: 'New rule',
    noRules: 'No alert rules yet.',
    name: 'Name', description: 'Description', kind: 'Kind', condition: 'Condition', scope: 'Applies to', severity: 'Severity',
    channels: 'Channels', status: 'Status', updated: 'Last changed', actions: 'Actions',
    THRESHOLD: 'Threshold', RATE: 'Rate of change', ABSENT: 'No data',
    kindHint_THRESHOLD: 'Aggregates the metric over the window and compares it with the threshold.',
    kindHint_RATE: 'Compares the metric\'s change per minute with the threshold, e.g. a surge of errors.',
    kindHint_ABSENT: 'Alerts when no value of the metric arrived within the window.',
    metric: 'Metric',
    metricHint: 'A metric name such as http_latency_ms or disk_used_ratio (ratios from 0 to 1)',
    aggregation: 'Aggregation',
    agg_last: 'Last', agg_avg: 'Average', agg_min: 'Minimum', agg_max: 'Maximum',
    windowSeconds: 'Window (seconds)',
    op: 'Comparison',
    threshold: 'Threshold',
    thresholdRate: 'Threshold (per minute)',
    clearThreshold: 'Clear threshold',
    clearHint: 'Optional. Once firing, the value must cross this to resolve (hysteresis).',
    forSeconds: 'For (seconds)',
    forHint: 'How long the condition must hold before it alerts; 0 alerts at once.',
    scopeAll: 'All targets',
    scopeTarget: 'One target',
    scopeLabels: 'Targets with these labels',
    target: 'Target',
    chooseTarget: 'Choose a target',
    targetLabels: 'Target labels',
    seriesLabels: 'Series labels',
    seriesLabelsHint: 'Optional. Only series with these labels, e.g. mount=/data.',
    channelsHint: 'Notified when the alert fires and resolves; none means the inbox only.',
    channelsText: 'Channel ids',
    withNote: '{text} ({note})',
    channelsTextHint: 'Channel ids separated by commas (you may not see the channel list).',
    escalation: 'Escalation',
    escalateMinutes: 'Escalate after minutes unacknowledged',
    escalateHint: 'Optional. Empty means no escalation.',
    escalateChannels: 'Escalation channels',
    escalateRoles: 'Escalation roles',
    rolesHint: 'Role ids separated by commas, e.g. sysadmin, operator',
    enabledLabel: 'This rule is enabled',
    builtIn: 'Built-in',
    builtInHint: 'Built-in rules can be changed or disabled but not deleted.',
    englishHint: 'The English UI shows it as "{name}"; once you change its name or description below, the English UI shows your text.',
    editTitle: 'Change the rule "{name}"',
    createTitle: 'New alert rule',
    saved: 'The rule "{name}" was saved.',
    deleted: 'The rule "{name}" was deleted.',
    deleteTitle: 'Delete the rule "{name}"',
    deleteText: 'Its unresolved alerts end with it. This cannot be undone.',
    everyTarget: 'All targets',
    labelsScope: 'labels {labels}',
    windowText: '{agg} ({window})',
    rateText: 'change per minute ({window})',
    absentText: 'no data for {window}',
    forText: 'for {duration}',
    notFound: 'There is no rule {id}.',
    badNumber: 'Enter a number',
    badWhole: 'Enter a whole number of at least 0',
  },
});

const KINDS = ['THRESHOLD', 'RATE', 'ABSENT'];
const AGGREGATIONS = ['last', 'avg', 'min', 'max'];
const OPS = ['>', '>=', '<', '<=', '==', '!='];
const NOTIFY_READ = 'notify.read';

/** A comma separated list as an array of its non-empty items. */
function list(text) {
  return String(text ?? '').split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
}

/** The form's values for a rule, or for a new one. */
function formValues(rule) {
  const r = rule ?? {};
  let scope = 'all';
  if (r.targetId !== null && r.targetId !== undefined && r.targetId !== '') {
    scope = 'target';
  } else if (Object.keys(r.targetLabels ?? {}).length) {
    scope = 'labels';
  }
  return {
    name: r.name ?? '',
    description: r.description ?? '',
    kind: r.kind ?? 'THRESHOLD',
    metric: r.metric ?? '',
    aggregation: r.aggregation ?? 'avg',
    windowSeconds: String(r.windowSeconds ?? 300),
    op: r.op ?? '>',
    threshold: r.threshold === null || r.threshold === undefined ? '' : String(r.threshold),
    clearThreshold: r.clearThreshold === null || r.clearThreshold === undefined ? '' : String(r.clearThreshold),
    forSeconds: String(r.forSeconds ?? 60),
    scope,
    targetId: r.targetId === null || r.targetId === undefined ? '' : String(r.targetId),
    targetLabels: labelsText(r.targetLabels),
    seriesLabels: labelsText(r.seriesLabels),
    severity: r.severity ?? 'WARNING',
    channels: [...(r.channels ?? [])],
    escalateMinutes: r.escalateMinutes === null || r.escalateMinutes === undefined ? '' : String(r.escalateMinutes),
    escalateChannels: [...(r.escalateChannels ?? [])],
    escalateRoles: (r.escalateRoles ?? []).join(', '),
    enabled: r.enabled ?? true,
  };
}

/**
 * The request body for the form's values, and the errors a browser can find itself.
 *
 * @returns {{body: object, errors: Object<string, string[]>}}
 */
function ruleBody(v) {
  const errors = {};
  const number = (field, optional = false) => {
    const text = String(v[field]).trim();
    if (text === '' && optional) {
      return null;
    }
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) {
      errors[field] = [t('badNumber')];
    }
    return n;
  };
  const whole = (field, optional = false) => {
    const text = String(v[field]).trim();
    if (text === '' && optional) {
      return null;
    }
    if (!/^\d{1,9}$/.test(text)) {
      errors[field] = [t('badWhole')];
    }
    return Number(text);
  };
  // the required texts too, so that a form with a bad number also marks an empty name at once
  for (const field of ['name', 'metric']) {
    if (String(v[field]).trim() === '') {
      errors[field] = [t('required')];
    }
  }
  const targetLabels = parseLabels(v.targetLabels);
  const seriesLabels = parseLabels(v.seriesLabels);
  if (v.scope === 'labels' && targetLabels.error) {
    errors.targetLabels = [targetLabels.error];
  }
  if (seriesLabels.error) {
    errors.seriesLabels = [seriesLabels.error];
  }
  const body = {
    name: v.name.trim(),
    description: v.description.trim(),
    kind: v.kind,
    metric: v.metric.trim(),
    aggregation: v.kind === 'THRESHOLD' ? v.aggregation : 'last',
    windowSeconds: whole('windowSeconds'),
    op: v.kind === 'ABSENT' ? '>' : v.op,
    threshold: v.kind === 'ABSENT' ? 0 : number('threshold'),
    clearThreshold: v.kind === 'THRESHOLD' ? number('clearThreshold', true) : null,
    forSeconds: whole('forSeconds'),
    targetId: v.scope === 'target' && v.targetId !== '' ? (/^\d+$/.test(v.targetId) ? Number(v.targetId) : v.targetId) : null,
    targetLabels: v.scope === 'labels' ? targetLabels.labels : {},
    seriesLabels: seriesLabels.labels,
    severity: v.severity,
    channels: v.channels,
    escalateMinutes: whole('escalateMinutes', true),
    escalateChannels: v.escalateMinutes.trim() === '' ? [] : v.escalateChannels,
    escalateRoles: v.escalateMinutes.trim() === '' ? [] : list(v.escalateRoles),
    enabled: Boolean(v.enabled),
  };
  return { body, errors };
}

/** A rule's condition in words: `平均值（5 分）> 0.9，持续 1 分`. */
function conditionText(rule) {
  const window = formatDuration(rule.windowSeconds);
  let text;
  if (rule.kind === 'ABSENT') {
    text = t('absentText', { window });
  } else {
    const agg = t(`agg_${rule.aggregation}`);
    const head = rule.kind === 'RATE' ? t('rateText', { window })
      : rule.windowSeconds > 0 ? t('windowText', { agg, window }) : agg;
    text = `${head} ${rule.op} ${rule.threshold}`;
    if (rule.clearThreshold !== null && rule.clearThreshold !== undefined) {
      text += ` (${t('clearThreshold')} ${rule.clearThreshold})`;
    }
  }
  return rule.forSeconds > 0 ? `${text}，${t('forText', { duration: formatDuration(rule.forSeconds) })}` : text;
}

class OpsMonitoringRulesPage extends EditableListPage {
  static editing = {
    t, prefix: 'rule', api: API, collection: 'rules', permission: PERMISSIONS.CONFIGURE, newText: 'newRule',
    readOnly: 'readOnly', route: 'monitoring-rules',
  };

  constructor() {
    super();
    this._targets = [];
    /** The notification channels `[{id, name}]`, null when the user may not read them. */
    this._channels = null;
  }

  async fetchData() {
    const [rules, targets, channels] = await Promise.all([
      api(`${API}/rules`),
      api(`${API}/targets`).catch(() => []),
      hasPermission(NOTIFY_READ) ? api('/api/notify/channels').catch(() => null) : Promise.resolve(null),
    ]);
    this._targets = listOf(targets);
    this._channels = Array.isArray(channels?.channels) ? channels.channels : null;
    return listOf(rules);
  }

  formValues(rule) {
    return formValues(rule);
  }

  formBody(form) {
    return ruleBody(form.values);
  }

  savedText(saved, body) {
    return t('saved', { name: ruleName(saved) || body.name });
  }

  _channelNames(ids) {
    return (ids ?? []).map((id) => this._channels?.find((c) => c.id === id)?.name ?? id).join('、') || t('none');
  }

  renderContent(rules) {
    const mayConfigure = this.mayEdit();
    const columns = [t('name'), t('condition'), t('scope'), t('severity'), t('channels'), t('status'), t('updated')];
    if (mayConfigure) {
      columns.push(t('actions'));
    }
    return renderTable({
      testid: 'rules-table', columns, items: rules, empty: t('noRules'),
      row: (r) => html`
        <tr data-rule=${r.id} data-enabled=${String(r.enabled)}>
          <td><strong>${ruleName(r)}</strong>
            ${r.builtIn ? html` <span class="ops-badge ops-badge--muted" title=${t('builtInHint')}>${t('builtIn')}</span>` : nothing}
            ${ruleDescription(r) ? html`<span class="ops-table__secondary">${ruleDescription(r)}</span>` : nothing}</td>
          <td><span class="ops-badge ops-badge--muted">${t(r.kind)}</span>
            <span class="ops-table__secondary">${metricTitle(r.metric) === r.metric ? nothing : `${metricTitle(r.metric)} `}<span class="ops-mono">${r.metric}</span></span>
            <span class="ops-table__secondary">${conditionText(r)}</span></td>
          <td>${r.targetId !== null && r.targetId !== undefined ? html`<a href="#/monitoring/target/${encodeURIComponent(r.targetId)}">${targetNameById(this._targets, r.targetId)}</a>`
            : Object.keys(r.targetLabels ?? {}).length ? html`<span class="ops-mono">${t('labelsScope', { labels: labelsText(r.targetLabels) })}</span>`
              : t('everyTarget')}
            ${Object.keys(r.seriesLabels ?? {}).length ? html`<span class="ops-table__secondary ops-mono">${labelsText(r.seriesLabels)}</span>` : nothing}</td>
          <td>${severityBadge(r.severity)}</td>
          <td>${this._channelNames(r.channels)}
            ${r.escalateMinutes != null ? html`<span class="ops-table__secondary">${t('escalation')}: ${r.escalateMinutes} min → ${this._channelNames(r.escalateChannels)}${(r.escalateRoles ?? []).length ? ` / ${r.escalateRoles.join(', ')}` : ''}</span>` : nothing}</td>
          <td><span class="ops-badge ${r.enabled ? 'ops-badge--ok' : 'ops-badge--muted'}">${r.enabled ? t('enabled') : t('disabled')}</span></td>
          <td class="ops-nowrap">${formatDateTime(r.updatedAt)}<span class="ops-table__secondary">${r.updatedBy ?? ''}</span></td>
          ${mayConfigure ? this.renderRowActions(r, { deletable: !r.builtIn }) : nothing}
        </tr>`,
    });
  }

  _renderChannels(field, label, hint) {
    const v = this._form.values;
    const errors = this._form.errors[field] ?? [];
    if (this._channels === null) {
      return renderField({
        id: `ops-rule-${field}`, name: field, label: t('withNote', { text: label, note: t('channelsText') }), hint: t('channelsTextHint'), errors,
        control: (a) => html`<input class="ops-input ops-input--block ops-mono" id=${a.id} data-testid="rule-${field}"
            .value=${v[field].join(', ')} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
            @input=${(e) => this.setValue(field, list(e.target.value))}>`,
      });
    }
    return html`
      <fieldset class="ops-checks ops-checks--compact ops-fieldset" data-field=${field} data-testid="rule-${field}">
        <legend class="ops-field__label">${label}</legend>
        ${this._channels.length === 0 ? html`<span class="ops-muted">${t('none')}</span>` : this._channels.map((c) => html`
          <label class="ops-check"><input type="checkbox" value=${c.id} .checked=${v[field].includes(c.id)}
              @change=${(e) => this.setValue(field, e.target.checked ? [...v[field], c.id] : v[field].filter((id) => id !== c.id))}>
            <span>${c.name} <span class="ops-muted ops-mono">${c.id}</span></span></label>`)}
        ${hint ? html`<span class="ops-field__hint">${hint}</span>` : nothing}
        ${errors.length ? html`<div class="ops-field__error" data-error=${field}>${errors.join(' ')}</div>` : nothing}
      </fieldset>`;
  }

  renderForm(form) {
    const v = form.values;
    const rule = form.item;
    return this.renderFormCard({
      title: rule ? t('editTitle', { name: ruleName(rule) }) : t('createTitle'),
      before: rule?.builtIn ? html`<p class="ops-notice">${t('builtInHint')}
        ${rule.nameEn && rule.nameEn !== rule.name ? t('englishHint', { name: rule.nameEn }) : nothing}</p>` : nothing,
      fields: html`
          <div class="ops-form-grid">
            ${this.renderInput('name', t('name'), { required: true })}
            ${this.renderSelect('severity', t('severity'), SEVERITIES.map((s) => [s, t(s)]))}
          </div>
          ${this.renderInput('description', t('description'))}
          <div class="ops-form-grid">
            ${this.renderSelect('kind', t('kind'), KINDS.map((k) => [k, t(k)]), { hint: t(`kindHint_${v.kind}`) })}
            ${this.renderInput('metric', t('metric'), { required: true, hint: t('metricHint'), mono: true })}
          </div>
          <div class="ops-form-grid" data-testid="rule-condition" data-kind=${v.kind}>
            ${v.kind === 'THRESHOLD' ? this.renderSelect('aggregation', t('aggregation'), AGGREGATIONS.map((a) => [a, t(`agg_${a}`)])) : nothing}
            ${this.renderInput('windowSeconds', t('windowSeconds'), { required: true, inputmode: 'numeric',
              hint: /^\d+$/.test(v.windowSeconds) ? formatDuration(Number(v.windowSeconds)) : '' })}
            ${v.kind !== 'ABSENT' ? this.renderSelect('op', t('op'), OPS.map((o) => [o, o])) : nothing}
            ${v.kind !== 'ABSENT' ? this.renderInput('threshold', v.kind === 'RATE' ? t('thresholdRate') : t('threshold'),
              { required: true, inputmode: 'decimal' }) : nothing}
            ${v.kind === 'THRESHOLD' ? this.renderInput('clearThreshold', t('clearThreshold'), { inputmode: 'decimal', hint: t('clearHint') }) : nothing}
            ${this.renderInput('forSeconds', t('forSeconds'), { required: true, inputmode: 'numeric', hint: t('forHint') })}
          </div>
          <fieldset class="ops-checks ops-fieldset" data-testid="rule-scope">
            <legend class="ops-field__label">${t('scope')}</legend>
            ${['all', 'target', 'labels'].map((scope) => html`
              <label class="ops-check"><input type="radio" name="scope" value=${scope} .checked=${v.scope === scope}
                  data-testid="scope-${scope}" @change=${() => this.setValue('scope', scope)}>
                <span>${t(`scope${scope[0].toUpperCase()}${scope.slice(1)}`)}</span></label>`)}
          </fieldset>
          ${v.scope === 'target' ? this.renderSelect('targetId', t('target'),
            [['', t('chooseTarget')], ...this._targets.map((x) => [String(x.id), targetName(x)])]) : nothing}
          ${v.scope === 'labels' ? this.renderInput('targetLabels', t('targetLabels'), { required: true, hint: t('labelsHint'), mono: true }) : nothing}
          ${this.renderInput('seriesLabels', t('seriesLabels'), { hint: t('seriesLabelsHint'), mono: true })}
          ${this._renderChannels('channels', t('channels'), t('channelsHint'))}
          <fieldset class="ops-fieldset ops-form" data-testid="rule-escalation">
            <legend class="ops-field__label">${t('escalation')}</legend>
            ${this.renderInput('escalateMinutes', t('escalateMinutes'), { inputmode: 'numeric', hint: t('escalateHint') })}
            ${v.escalateMinutes.trim() !== '' ? html`
              ${this._renderChannels('escalateChannels', t('escalateChannels'), '')}
              ${this.renderInput('escalateRoles', t('escalateRoles'), { hint: t('rolesHint'), mono: true })}` : nothing}
          </fieldset>
          ${this.renderCheckbox('enabled', t('enabledLabel'))}`,
    });
  }
}

if (!customElements.get('ops-monitoring-rules-page')) {
  customElements.define('ops-monitoring-rules-page', OpsMonitoringRulesPage);
}
