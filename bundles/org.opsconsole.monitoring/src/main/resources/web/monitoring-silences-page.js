/**
 * `<ops-monitoring-silences-page>`: the Silences page (静默与维护). The silences and maintenance windows that are active
 * or upcoming, and the past ones (`GET /api/monitoring/silences?past=true`); for users with `monitoring.operate`, a form
 * to create one — a silence (alerts still raised, not notified) or a maintenance window (the target is not alerted on at
 * all) for a target, a rule or labels, from a start to an end in the console's time zone, with a comment
 * (`POST /api/monitoring/silences`) — and ending one now (`POST /api/monitoring/silences/<id>/end`).
 */
import { html, nothing } from 'lit';
import {
  API, EditableListPage, PERMISSIONS, api, formatDateTime, fromLocalInput, labelsText, listOf, nameOf, pageMessages,
  parseLabels, renderTable, ruleName, targetName, targetNameById, toLocalInput,
} from './monitoring-common.js';

const t = pageMessages({
  'zh-CN': {
    title: '静默与维护',
    intro: '静默期间告警照常记录但不发送通知；维护窗口期间目标不产生告警，状态显示为“维护中”。开始和结束时都会通知相关人员。',
    newSilence: '新建静默或维护窗口',
    current: '进行中与计划中',
    past: '已结束',
    noCurrent: '当前没有进行中或计划中的静默与维护窗口。',
    noPast: '没有已结束的静默与维护窗口。',
    kind: '类型',
    SILENCE: '静默',
    MAINTENANCE: '维护窗口',
    kindHint_SILENCE: '告警照常产生和记录，但不发送通知。',
    kindHint_MAINTENANCE: '目标不产生告警，状态显示为维护中；适合计划内的停机或升级。',
    matchers: '范围',
    scope: '适用于',
    scopeTarget: '目标',
    scopeRule: '告警规则',
    scopeLabels: '标签',
    target: '目标',
    rule: '告警规则',
    anyTarget: '任意目标',
    anyRule: '任意规则',
    labels: '标签',
    startsAt: '开始时间',
    endsAt: '结束时间',
    timesHint: '按控制台所在时区（{zone}）填写。',
    comment: '说明',
    commentHint: '例如变更单号、维护内容。',
    period: '时间',
    createdBy: '创建人',
    status: '状态',
    active: '进行中',
    upcoming: '计划中',
    ended: '已结束',
    endedBy: '由 {who} 提前结束',
    endNow: '立即结束',
    endTitle: '立即结束{kind}',
    endText: '结束后，匹配的告警将恢复正常通知。',
    ended_ok: '已结束。',
    create: '创建',
    created: '已创建{kind}。',
    noScope: '请至少选择一个目标、规则或填写标签',
    badTime: '请填写时间',
    endBeforeStart: '结束时间须晚于开始时间',
    anything: '全部告警',
  },
  en: {
    title: 'Silences',
    intro: 'During a silence alerts are still recorded but not notified; during a maintenance window the target raises no alerts and shows as in maintenance. Both notify when they start and end.',
    newSilence: 'New silence or maintenance window',
    current: 'Active and upcoming',
    past: 'Past',
    noCurrent: 'No silences or maintenance windows are active or upcoming.',
    noPast: 'No past silences or maintenance windows.',
    kind: 'Kind',
    SILENCE: 'Silence',
    MAINTENANCE: 'Maintenance window',
    kindHint_SILENCE: 'Alerts are raised and recorded as usual but not notified.',
    kindHint_MAINTENANCE: 'The target raises no alerts and shows as in maintenance: for planned downtime or upgrades.',
    matchers: 'Scope',
    scope: 'Applies to',
    scopeTarget: 'Target',
    scopeRule: 'Alert rule',
    scopeLabels: 'Labels',
    target: 'Target',
    rule: 'Alert rule',
    anyTarget: 'Any target',
    anyRule: 'Any rule',
    labels: 'Labels',
    startsAt: 'Starts',
    endsAt: 'Ends',
    timesHint: 'In the console\'s time zone ({zone}).',
    comment: 'Comment',
    commentHint: 'E.g. the change ticket, what is being done.',
    period: 'Period',
    createdBy: 'Created by',
    status: 'Status',
    active: 'Active',
    upcoming: 'Upcoming',
    ended: 'Ended',
    endedBy: 'ended early by {who}',
    endNow: 'End now',
    endTitle: 'End the {kind} now',
    endText: 'Matching alerts are notified again from then on.',
    ended_ok: 'Ended.',
    create: 'Create',
    created: 'Created: {kind}.',
    noScope: 'Choose a target or a rule, or give labels',
    badTime: 'Enter a time',
    endBeforeStart: 'The end must be after the start',
    anything: 'every alert',
  },
});

const KINDS = ['SILENCE', 'MAINTENANCE'];

/** A numeric id as a number, anything else as it is; empty as null. */
function idValue(text) {
  if (text === '' || text === null || text === undefined) {
    return null;
  }
  return /^\d+$/.test(text) ? Number(text) : text;
}

class OpsMonitoringSilencesPage extends EditableListPage {
  static editing = {
    t, prefix: 'silence', api: API, collection: 'silences', permission: PERMISSIONS.OPERATE, newText: 'newSilence',
    readOnly: null, route: null,
  };

  constructor() {
    super();
    this._targets = [];
    this._rules = [];
  }

  async fetchData() {
    const [silences, targets, rules] = await Promise.all([
      api(`${API}/silences?past=true`), api(`${API}/targets`).catch(() => []), api(`${API}/rules`).catch(() => []),
    ]);
    this._targets = listOf(targets);
    this._rules = listOf(rules);
    return listOf(silences);
  }

  /** A new silence: from now for two hours (silences are created only). */
  formValues() {
    const now = Date.now();
    return { kind: 'SILENCE', targetId: '', ruleId: '', labels: '', startsAt: toLocalInput(now), endsAt: toLocalInput(now + 2 * 3600e3), comment: '' };
  }

  /** Choosing a target, a rule or labels answers the missing scope. */
  setValue(field, value) {
    super.setValue(field, value);
    if (['targetId', 'ruleId', 'labels'].includes(field)) {
      const errors = { ...this._form.errors };
      delete errors.matchers;
      this._form = { ...this._form, errors };
    }
  }

  formBody(form) {
    const v = form.values;
    const errors = {};
    const labels = parseLabels(v.labels);
    if (labels.error) {
      errors.labels = [labels.error];
    }
    const matchers = { targetId: idValue(v.targetId), ruleId: idValue(v.ruleId), labels: labels.labels };
    if (matchers.targetId === null && matchers.ruleId === null && Object.keys(labels.labels).length === 0 && !labels.error) {
      errors.matchers = [t('noScope')];
    }
    const startsAt = fromLocalInput(v.startsAt);
    const endsAt = fromLocalInput(v.endsAt);
    if (!startsAt) {
      errors.startsAt = [t('badTime')];
    }
    if (!endsAt) {
      errors.endsAt = [t('badTime')];
    } else if (startsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
      errors.endsAt = [t('endBeforeStart')];
    }
    return { body: { kind: v.kind, matchers, startsAt, endsAt, comment: v.comment.trim() }, errors };
  }

  savedText(saved, body) {
    return t('created', { kind: t(body.kind) });
  }

  _end(silence) {
    return this.confirmAndAct({
      dialog: { title: t('endTitle', { kind: t(silence.kind) }), text: t('endText'), confirm: t('endNow') },
      key: `end-${silence.id}`,
      action: () => api(`${API}/silences/${encodeURIComponent(silence.id)}/end`, { method: 'POST' }),
      success: t('ended_ok'),
    });
  }

  _scopeText(m) {
    const parts = [];
    if (m?.targetId !== null && m?.targetId !== undefined) {
      const name = targetNameById(this._targets, m.targetId);
      parts.push(html`<span>${t('target')}${t('colon')}<a href="#/monitoring/target/${encodeURIComponent(m.targetId)}">${name}</a></span>`);
    }
    if (m?.ruleId !== null && m?.ruleId !== undefined) {
      const rule = this._rules.find((r) => String(r.id) === String(m.ruleId));
      const name = rule ? ruleName(rule) : nameOf(this._rules, m.ruleId);
      parts.push(html`<span>${t('rule')}${t('colon')}${name}</span>`);
    }
    if (Object.keys(m?.labels ?? {}).length) {
      parts.push(html`<span class="ops-mono">${labelsText(m.labels)}</span>`);
    }
    return parts.length ? html`<span class="ops-monitoring-stack">${parts}</span>` : t('anything');
  }

  _status(s) {
    if (s.active) {
      return html`<span class="ops-badge ops-badge--warn">${t('active')}</span>`;
    }
    const ended = s.endedBy || Date.parse(s.endsAt) <= Date.now();
    return ended ? html`<span class="ops-badge ops-badge--muted">${t('ended')}</span>`
      : html`<span class="ops-badge ops-badge--ok">${t('upcoming')}</span>`;
  }

  _table(testid, items, empty, withEnd) {
    const mayOperate = this.mayEdit() && withEnd;
    const columns = [t('kind'), t('status'), t('scope'), t('period'), t('comment'), t('createdBy')];
    if (mayOperate) {
      columns.push('');
    }
    return renderTable({
      testid, columns, items, empty,
      row: (s) => html`
        <tr data-silence=${s.id} data-kind=${s.kind}>
          <td>${t(s.kind)}</td>
          <td>${this._status(s)}</td>
          <td>${this._scopeText(s.matchers)}</td>
          <td class="ops-nowrap"><div class="ops-monitoring-times"><span>${formatDateTime(s.startsAt)}</span>
            <span>– ${formatDateTime(s.endsAt)}</span></div></td>
          <td class="ops-monitoring-wrap">${s.comment}</td>
          <td>${s.createdBy}<span class="ops-table__secondary">${formatDateTime(s.createdAt)}</span>
            ${s.endedBy ? html`<span class="ops-table__secondary">${t('endedBy', { who: s.endedBy })}</span>` : nothing}</td>
          ${mayOperate ? html`<td><button type="button" class="ops-button ops-button--small" data-testid="end-silence"
              ?disabled=${this.isBusy(`end-${s.id}`)} @click=${() => this._end(s)}>${t('endNow')}</button></td>` : nothing}
        </tr>`,
    });
  }

  renderContent(silences) {
    const now = Date.now();
    const isPast = (s) => !s.active && (Boolean(s.endedBy) || Date.parse(s.endsAt) <= now);
    const current = silences.filter((s) => !isPast(s)).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    const past = silences.filter(isPast).sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt));
    return html`
      <h2 class="ops-section-title">${t('current')}</h2>
      ${this._table('silences-current', current, t('noCurrent'), true)}
      <h2 class="ops-section-title">${t('past')}</h2>
      ${this._table('silences-past', past, t('noPast'), false)}`;
  }

  renderForm(form) {
    const v = form.values;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const matcherErrors = form.errors.matchers ?? [];
    return this.renderFormCard({
      title: t('newSilence'),
      saveText: t('create'),
      cls: '',
      fields: html`
          <fieldset class="ops-checks ops-checks--compact ops-fieldset" data-testid="silence-kind">
            <legend class="ops-field__label">${t('kind')}</legend>
            ${KINDS.map((k) => html`<label class="ops-check"><input type="radio" name="kind" value=${k} .checked=${v.kind === k}
                data-testid="kind-${k}" @change=${() => this.setValue('kind', k)}><span>${t(k)}</span></label>`)}
            <span class="ops-field__hint">${t(`kindHint_${v.kind}`)}</span>
          </fieldset>
          <fieldset class="ops-fieldset ops-form" data-field="matchers">
            <legend class="ops-field__label">${t('scope')}</legend>
            <div class="ops-form-grid">
              ${this.renderSelect('targetId', t('target'), [['', t('anyTarget')], ...this._targets.map((x) => [String(x.id), targetName(x)])])}
              ${this.renderSelect('ruleId', t('rule'), [['', t('anyRule')], ...this._rules.map((r) => [String(r.id), ruleName(r)])])}
            </div>
            ${this.renderInput('labels', t('labels'), { hint: t('labelsHint'), mono: true })}
            ${matcherErrors.length ? html`<div class="ops-field__error" role="alert" data-error="matchers">${matcherErrors.join(' ')}</div>` : nothing}
          </fieldset>
          <div class="ops-form-grid">
            ${this.renderInput('startsAt', t('startsAt'), { type: 'datetime-local', required: true, hint: t('timesHint', { zone }) })}
            ${this.renderInput('endsAt', t('endsAt'), { type: 'datetime-local', required: true })}
          </div>
          ${this.renderInput('comment', t('comment'), { hint: t('commentHint') })}`,
    });
  }
}

if (!customElements.get('ops-monitoring-silences-page')) {
  customElements.define('ops-monitoring-silences-page', OpsMonitoringSilencesPage);
}
