import './styles.css';
import { ApiError, credential, get, type Principal, storeCredential, whenUnauthorized } from './api';
import { h } from './dom';
import { type Key, setLang, t } from './i18n';
import { langParam, navigate, readPoint, view, VIEWS, type ViewName } from './state';
import { message, mayOpen, VIEW_ROLES, type View } from './views/common';
import { federationView } from './views/federation';
import { fundsView } from './views/funds';
import { historyView } from './views/history';
import { integrityView } from './views/integrity';
import { rankingView } from './views/ranking';
import { readModelsView } from './views/read-models';

const RENDERERS: Record<ViewName, View> = {
  ranking: rankingView,
  federation: federationView,
  funds: fundsView,
  history: historyView,
  integrity: integrityView,
  'read-models': readModelsView,
};

const LABELS: Record<ViewName, Key> = {
  ranking: 'ranking',
  federation: 'federation',
  funds: 'funds',
  history: 'history',
  integrity: 'integrity',
  'read-models': 'readModels',
};

const root = document.getElementById('app')!;
let principal: Principal | null = null;
let notice: string | null = null;
/** Each render gets a number: an older one finishing late does not overwrite a newer page. */
let renderCount = 0;

whenUnauthorized(() => {
  principal = null;
  notice = t('sessionExpired');
});

async function render(): Promise<void> {
  const mine = ++renderCount;
  setLang(langParam());
  document.querySelector('.skip')!.textContent = t('skip');
  if (!credential()) return showSignIn();
  if (!principal) {
    try {
      principal = await get<Principal>('/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return showSignIn();
      root.replaceChildren(message(String(error instanceof Error ? error.message : error), 'error'));
      return;
    }
  }
  const current = view();
  const main = h('main', { id: 'main', tabindex: -1, 'data-view': current }, message(t('loading')));
  root.replaceChildren(header(principal, current), dateControls(), main);
  document.title = `${t(LABELS[current])} — ${t('appName')}`;
  if (!mayOpen(principal, current)) {
    main.replaceChildren(
      h('h1', {}, t(LABELS[current])),
      message(
        `${t('cannotOpen')}: ${t('needsRole')} ${[...VIEW_ROLES[current], 'admin'].join(', ')} (${t('yourRoles')}: ${principal.roles.join(', ')}).`,
        'error',
      ),
    );
    main.setAttribute('data-ready', 'true');
    return;
  }
  try {
    const content = await RENDERERS[current]({ principal, point: readPoint() });
    if (mine !== renderCount) return;
    main.replaceChildren(h('h1', {}, t(LABELS[current])), content);
    main.setAttribute('data-ready', 'true');
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return showSignIn();
    const why =
      error instanceof ApiError && error.status === 403
        ? `${t('forbidden')} ${error.message}`
        : error instanceof ApiError && error.status === 404
          ? `${t('notFound')}: ${error.message}`
          : `${t('error')}: ${error instanceof Error ? error.message : String(error)}`;
    main.replaceChildren(h('h1', {}, t(LABELS[current])), message(why, 'error'));
    main.setAttribute('data-ready', 'true');
  }
}

function header(who: Principal, current: ViewName): HTMLElement {
  const nav = h(
    'nav',
    { 'aria-label': t('views') },
    h(
      'ul',
      {},
      VIEWS.filter((name) => mayOpen(who, name)).map((name) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: `?view=${name}`,
              'aria-current': name === current ? 'page' : null,
              'data-nav': name,
              onclick: ((event: MouseEvent) => {
                event.preventDefault();
                navigate({ view: name });
              }) as EventListener,
            },
            t(LABELS[name]),
          ),
        ),
      ),
    ),
  );
  const langSwitch = h(
    'button',
    {
      type: 'button',
      id: 'lang-switch',
      lang: langParam() === 'vi' ? 'en' : 'vi',
      onclick: () => navigate({ lang: langParam() === 'vi' ? 'en' : null }),
    },
    langParam() === 'vi' ? 'English' : 'Tiếng Việt',
  );
  const signOut = h(
    'button',
    {
      type: 'button',
      id: 'sign-out',
      onclick: () => {
        storeCredential(null);
        principal = null;
        void render();
      },
    },
    t('signOut'),
  );
  return h(
    'header',
    { class: 'top' },
    h('p', { class: 'brand' }, t('appName')),
    nav,
    h('p', { class: 'who' }, `${t('signedInAs')} ${who.name} — ${t('roles')}: ${who.roles.join(', ')}`),
    h('div', { class: 'actions' }, langSwitch, signOut),
  );
}

/** asOf and knownAt, in the URL: changing them redraws every figure of the view. */
function dateControls(): HTMLElement {
  const point = readPoint();
  const form = h(
    'form',
    { class: 'date-controls', 'aria-label': `${t('asOf')} / ${t('knownAt')}` },
    h('label', { for: 'as-of' }, t('asOf')),
    h('input', { id: 'as-of', name: 'asOf', type: 'date', value: point.asOf ?? '' }),
    h('label', { for: 'known-at' }, t('knownAt')),
    h('input', {
      id: 'known-at',
      name: 'knownAt',
      type: 'text',
      value: point.knownAt ?? '',
      placeholder: '2024-01-15T00:00+07:00',
      'aria-describedby': 'known-at-hint',
    }),
    h('small', { id: 'known-at-hint' }, t('knownAtHint')),
    h('button', { type: 'submit', id: 'apply-date' }, t('apply')),
    h('button', { type: 'button', onclick: () => navigate({ asOf: null, knownAt: null }) }, t('today')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate({ asOf: String(data.get('asOf') ?? ''), knownAt: String(data.get('knownAt') ?? '').trim() });
  });
  return form;
}

function showSignIn(): void {
  const form = h(
    'form',
    { class: 'card sign-in', id: 'sign-in' },
    h('h1', {}, `${t('appName')} — ${t('signIn')}`),
    notice ? message(notice, 'error') : null,
    h('p', {}, t('signInIntro')),
    h(
      'fieldset',
      {},
      h('legend', {}, t('credentialKind')),
      h('label', {}, h('input', { type: 'radio', name: 'kind', value: 'api-key', checked: true }), ` ${t('apiKey')}`),
      h('label', {}, h('input', { type: 'radio', name: 'kind', value: 'bearer' }), ` ${t('bearer')}`),
    ),
    h('label', { for: 'secret' }, t('secret')),
    h('input', { id: 'secret', name: 'secret', type: 'password', required: true, autocomplete: 'off' }),
    h('button', { type: 'submit' }, t('signIn')),
    h(
      'button',
      { type: 'button', id: 'lang-switch', onclick: () => navigate({ lang: langParam() === 'vi' ? 'en' : null }) },
      langParam() === 'vi' ? 'English' : 'Tiếng Việt',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    storeCredential({
      kind: data.get('kind') === 'bearer' ? 'bearer' : 'api-key',
      secret: String(data.get('secret')).trim(),
    });
    notice = null;
    principal = null;
    void render();
  });
  root.replaceChildren(h('main', { id: 'main' }, form));
  (form.querySelector('#secret') as HTMLInputElement).focus();
}

window.addEventListener('popstate', () => void render());
window.addEventListener('app:navigate', () => void render());
void render();
