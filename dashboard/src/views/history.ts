import { get } from '../api';
import { h, section, table } from '../dom';
import { date, instant, num } from '../format';
import { t } from '../i18n';
import { has, link, param, paramsForm, type View } from './common';

interface LoggedEvent {
  position: number;
  streamId: string;
  type: string;
  metadata: { occurredOn?: string; recordedAt?: string; actor?: string; reason?: string; correlationId?: string };
}

const KINDS = ['federations', 'unions', 'members', 'funds', 'awards', 'initiatives', 'clusters', 'democracy'];
const PAGE = 50;

function eventsTable(caption: string, events: LoggedEvent[]): HTMLElement {
  return table(
    caption,
    [
      t('position'),
      t('stream'),
      t('type'),
      t('businessDate'),
      t('recordedAt'),
      t('actor'),
      t('reason'),
      t('correlation'),
    ],
    events.map((e) => [
      num(e.position),
      e.streamId,
      e.type,
      date(e.metadata.occurredOn),
      instant(e.metadata.recordedAt),
      e.metadata.actor ?? '—',
      e.metadata.reason ?? '—',
      e.metadata.correlationId ?? '—',
    ]),
  );
}

/** One entity's events with their metadata, and (for auditors) the global log page by page. */
export const historyView: View = async ({ principal }) => {
  // Finance inspectors read fund books only.
  const auditor = has(principal, 'auditor');
  const kinds = auditor ? KINDS : ['funds'];
  const kind = kinds.includes(param('kind', '')) ? param('kind', '') : auditor ? 'federations' : 'funds';
  const id = param('id', kind === 'funds' ? 'hoan-kiem' : 'ba-vi');
  const form = paramsForm([
    { name: 'kind', label: 'kind', value: kind, options: kinds },
    { name: 'id', label: 'entityId', value: id },
  ]);
  const entity = await get<{ streamId: string; events: LoggedEvent[] }>(
    `/history/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`,
  );
  const parts: HTMLElement[] = [
    form,
    section(`${t('entityEvents')}: ${entity.streamId}`, eventsTable(entity.streamId, entity.events)),
  ];
  if (auditor) {
    const after = Number(param('logAfter', '0')) || 0;
    const log = await get<{ events: LoggedEvent[]; next: number | null; head: number }>('/events', {
      after,
      limit: PAGE,
    });
    parts.push(
      section(
        `${t('globalLog')} (${t('head')}: ${num(log.head)})`,
        eventsTable(t('globalLog'), log.events),
        h(
          'nav',
          { class: 'pager', 'aria-label': t('globalLog') },
          after > 0 ? link(t('firstPage'), { logAfter: null }) : null,
          log.next !== null ? link(t('nextPage'), { logAfter: String(log.next) }) : null,
        ),
      ),
    );
  }
  return h('div', {}, ...parts);
};
