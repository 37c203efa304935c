import type { Lang } from './i18n';

/** Everything a view shows is in the URL: a view can be shared and reopened exactly. */
export type ViewName = 'ranking' | 'federation' | 'funds' | 'history' | 'integrity' | 'read-models';

export const VIEWS: ViewName[] = ['ranking', 'federation', 'funds', 'history', 'integrity', 'read-models'];

export function params(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

export function view(): ViewName {
  const name = params().get('view');
  return VIEWS.includes(name as ViewName) ? (name as ViewName) : 'ranking';
}

export function langParam(): Lang {
  return params().get('lang') === 'en' ? 'en' : 'vi';
}

/** The time-travel point of every request: `asOf` (a date) and `knownAt` (an instant or a log position). */
export function readPoint(): { asOf?: string; knownAt?: string } {
  const p = params();
  const point: { asOf?: string; knownAt?: string } = {};
  const asOf = p.get('asOf');
  const knownAt = p.get('knownAt');
  if (asOf) point.asOf = asOf;
  if (knownAt) point.knownAt = knownAt;
  return point;
}

/** Changes the URL (a new history entry) and tells the app to redraw. */
export function navigate(changes: Record<string, string | null | undefined>, replace = false): void {
  const p = params();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') p.delete(key);
    else p.set(key, value);
  }
  const url = `${window.location.pathname}?${p.toString()}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event('app:navigate'));
}
