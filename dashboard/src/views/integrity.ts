import { get } from '../api';
import { h, section, table } from '../dom';
import { instant, num } from '../format';
import { t } from '../i18n';
import { message, type View } from './common';

interface Digest {
  format: string;
  position: number;
  count: number;
  merkleRoot: string;
  seal: { position: number; hash: string; toPosition: number } | null;
  createdAt: string;
}

interface Verification {
  ok: boolean;
  checked: number;
  head: number;
  seals: number;
  sealedThrough: number;
  problems?: { position: number; streamId: string | null; problem?: string; detail?: string }[];
}

/** Last seal and the digest to keep; a verification run and the fund reconciliation on demand (they walk the log). */
export const integrityView: View = async () => {
  const digest = await get<Digest>('/integrity/digest');
  const digestText = JSON.stringify(digest);
  const verifyOut = h('div', { 'aria-live': 'polite' });
  const reconcileOut = h('div', { 'aria-live': 'polite' });
  const run = async (out: HTMLElement, work: () => Promise<HTMLElement>) => {
    out.replaceChildren(message(t('loading')));
    try {
      out.replaceChildren(await work());
    } catch (error) {
      out.replaceChildren(message(error instanceof Error ? error.message : String(error), 'error'));
    }
  };
  return h(
    'div',
    {},
    section(
      t('seal'),
      digest.seal
        ? h(
            'dl',
            { class: 'figures' },
            h('dt', {}, t('position')),
            h('dd', {}, num(digest.seal.position)),
            h('dt', {}, t('sealedThrough')),
            h('dd', {}, num(digest.seal.toPosition)),
            h('dt', {}, 'hash'),
            h('dd', { class: 'mono' }, digest.seal.hash),
          )
        : h('p', {}, t('none')),
    ),
    section(
      t('verification'),
      h(
        'button',
        {
          type: 'button',
          id: 'run-verification',
          onclick: () =>
            void run(verifyOut, async () => {
              const result = await get<Verification>('/integrity/verify');
              return h(
                'div',
                {},
                message(result.ok ? t('verifyOk') : t('verifyFailed'), result.ok ? 'info' : 'error'),
                h(
                  'dl',
                  { class: 'figures' },
                  h('dt', {}, t('checked')),
                  h('dd', {}, num(result.checked)),
                  h('dt', {}, t('sealedThrough')),
                  h('dd', {}, num(result.sealedThrough)),
                ),
                result.problems && result.problems.length > 0
                  ? table(
                      t('verifyFailed'),
                      [t('position'), t('stream'), t('reason')],
                      result.problems.map((p) => [num(p.position), p.streamId ?? '—', p.problem ?? p.detail ?? '—']),
                    )
                  : null,
              );
            }),
        },
        t('runVerification'),
      ),
      verifyOut,
    ),
    section(
      t('digest'),
      h('p', {}, t('digestHint')),
      h(
        'dl',
        { class: 'figures' },
        h('dt', {}, t('position')),
        h('dd', {}, num(digest.position)),
        h('dt', {}, t('recordedAt')),
        h('dd', {}, instant(digest.createdAt)),
      ),
      h('label', { for: 'digest-text' }, t('digest')),
      h('textarea', { id: 'digest-text', readonly: true, rows: 4 }, digestText),
    ),
    section(
      t('reconciliation'),
      h(
        'button',
        {
          type: 'button',
          id: 'run-reconciliation',
          onclick: () =>
            void run(reconcileOut, async () => {
              const result = await get<Record<string, unknown>>('/verification/funds');
              const ok = result.ok === true || result.reconciled === true;
              const differences = Array.isArray(result.differences) ? result.differences.length : 0;
              return h(
                'div',
                {},
                message(
                  `${t('reconciliation')}: ${ok ? t('reconciled') : t('differences')} (${num(differences)})`,
                  ok ? 'info' : 'error',
                ),
                h(
                  'details',
                  {},
                  h('summary', {}, t('dataTable')),
                  h('pre', {}, JSON.stringify(result, null, 2).slice(0, 20000)),
                ),
              );
            }),
        },
        t('runReconciliation'),
      ),
      reconcileOut,
    ),
  );
};
