import type { Principal } from '../api';
import { h } from '../dom';
import { type Key, t } from '../i18n';
import { navigate, params, type ViewName } from '../state';

export interface ViewContext {
  principal: Principal;
  /** `asOf` and `knownAt` from the URL, as the API takes them. */
  point: { asOf?: string; knownAt?: string };
}

export type View = (context: ViewContext) => Promise<HTMLElement>;

/** Which roles may open each view (admins may open all): the roles of the API routes it reads. */
export const VIEW_ROLES: Record<ViewName, string[]> = {
  ranking: ['reader', 'auditor'],
  federation: ['reader', 'auditor'],
  funds: ['reader', 'auditor', 'finance-inspector'],
  history: ['auditor', 'finance-inspector'],
  integrity: ['auditor', 'finance-inspector'],
  'read-models': ['auditor'],
};

export function mayOpen(principal: Principal, name: ViewName): boolean {
  return principal.roles.includes('admin') || VIEW_ROLES[name].some((role) => principal.roles.includes(role));
}

export const has = (principal: Principal, ...roles: string[]) =>
  principal.roles.includes('admin') || roles.some((role) => principal.roles.includes(role));

/** A small form of view parameters (cluster, year, federation…) that puts them in the URL on submit. */
export function paramsForm(
  fields: { name: string; label: Key; value: string; type?: string; pattern?: string; options?: string[] }[],
): HTMLElement {
  const form = h('form', { class: 'params' });
  for (const field of fields) {
    const id = `param-${field.name}`;
    const input = field.options
      ? h(
          'select',
          { id, name: field.name },
          field.options.map((o) => h('option', { value: o, selected: o === field.value }, o)),
        )
      : h('input', {
          id,
          name: field.name,
          value: field.value,
          type: field.type ?? 'text',
          pattern: field.pattern,
          required: true,
        });
    form.append(h('label', { for: id }, t(field.label)), input);
  }
  form.append(h('button', { type: 'submit' }, t('show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(Object.fromEntries(fields.map((f) => [f.name, String(data.get(f.name) ?? '')])));
  });
  return form;
}

export function param(name: string, fallback: string): string {
  return params().get(name) || fallback;
}

/** The year the date control points at (or this year). */
export function yearOf(asOf: string | undefined): number {
  return Number((asOf ?? new Date().toISOString()).slice(0, 4));
}

export function link(label: string, changes: Record<string, string | null>): HTMLElement {
  const search = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) search.delete(key);
    else search.set(key, value);
  }
  return h(
    'a',
    {
      href: `?${search.toString()}`,
      onclick: ((event: MouseEvent) => {
        event.preventDefault();
        navigate(changes);
      }) as EventListener,
    },
    label,
  );
}

export function message(text: string, kind: 'info' | 'error' = 'info'): HTMLElement {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
