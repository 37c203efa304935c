import { get } from '../api';
import { section, table } from '../dom';
import { num } from '../format';
import { t } from '../i18n';
import type { View } from './common';

interface Status {
  name: string;
  version: number;
  namespace: string | null;
  state: string;
  checkpoint: number;
  head: number;
  lagEvents: number;
  lagSeconds: number;
  rebuild: { namespace: string; processed: number; total: number; percent: number } | null;
}

/** Every projection: serving namespace, state, checkpoint, lag and rebuild progress. */
export const readModelsView: View = async () => {
  const { projections } = await get<{ projections: Status[] }>('/projections');
  return section(
    t('readModels'),
    table(
      t('readModels'),
      [
        t('projection'),
        t('version'),
        t('namespace'),
        t('state'),
        t('checkpoint'),
        t('head'),
        t('lag'),
        t('lagSeconds'),
        t('rebuildProgress'),
      ],
      projections.map((p) => [
        p.name,
        num(p.version),
        p.namespace ?? '—',
        p.state,
        num(p.checkpoint),
        num(p.head),
        num(p.lagEvents),
        num(p.lagSeconds),
        p.rebuild
          ? `${p.rebuild.namespace}: ${num(p.rebuild.percent)}% (${num(p.rebuild.processed)} / ${num(p.rebuild.total)})`
          : '—',
      ]),
    ),
  );
};
