import type { TestApp } from '../support/test-app';

/**
 * A small organisation to authorise against:
 *
 *   ha-noi (city)
 *   ├── ba-vi (district)          unions bv-school, bv-school-2, bv-factory, bv-shop; members bv-lan, bv-mai, bv-leaver
 *   │   ├── van-hoa (commune)     fund book: bv-social, bv-poverty live in ba-vi's
 *   │   ├── tan-linh (commune)
 *   │   ├── bv-old (commune)
 *   │   └── bv-spare (commune)
 *   └── dan-phuong (district)     unions dp-school, dp-factory; member dp-hoa; fund dp-social
 *       └── dp-ward (commune)
 *
 * Awards bv-award (to bv-lan) and dp-award (to dp-hoa); clusters cum-4 (ba-vi, dan-phuong) and cum-bv
 * (van-hoa, tan-linh), both for 2025.
 */
export async function buildWorld(t: TestApp): Promise<void> {
  const ok = async (method: 'post' | 'put', path: string, body: object) => {
    const res = await t.http()[method](path).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const federation = (id: string, level: string, parentId: string | undefined, occurredOn: string) =>
    ok('post', '/federations', { id, name: `LĐLĐ ${id}`, level, ...(parentId ? { parentId } : {}), occurredOn });
  await federation('ha-noi', 'city', undefined, '1990-01-01');
  await federation('ba-vi', 'district', 'ha-noi', '1991-01-01');
  await federation('dan-phuong', 'district', 'ha-noi', '1991-01-01');
  for (const commune of ['van-hoa', 'tan-linh', 'bv-old', 'bv-spare'])
    await federation(commune, 'commune', 'ba-vi', '2025-07-01');
  await federation('dp-ward', 'commune', 'dan-phuong', '2025-07-01');

  const union = (id: string, federationId: string) =>
    ok('post', '/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn: '2010-01-01' });
  for (const id of ['bv-school', 'bv-school-2', 'bv-factory', 'bv-shop']) await union(id, 'ba-vi');
  for (const id of ['dp-school', 'dp-factory']) await union(id, 'dan-phuong');

  const member = (id: string, unionId: string) =>
    ok('post', '/members', {
      id,
      unionId,
      fullName: `Đoàn viên ${id}`,
      gender: 'female',
      birthDate: '1990-05-17',
      occurredOn: '2015-01-01',
    });
  for (const id of ['bv-lan', 'bv-mai', 'bv-leaver']) await member(id, 'bv-school');
  await member('dp-hoa', 'dp-school');

  for (const [federationId, fundId] of [
    ['ba-vi', 'bv-social'],
    ['ba-vi', 'bv-poverty'],
    ['dan-phuong', 'dp-social'],
  ]) {
    await ok('post', `/federations/${federationId}/funds`, {
      id: fundId,
      kind: 'social',
      name: `Quỹ ${fundId}`,
      occurredOn: '2020-01-01',
    });
    await ok('post', `/federations/${federationId}/funds/${fundId}/contributions`, {
      id: `${fundId}-c1`,
      amount: 100_000_000,
      sourceKind: 'organisation',
      occurredOn: '2020-01-05',
    });
  }

  const award = (id: string, recipientId: string) =>
    ok('post', '/awards', {
      id,
      title: 'Lao động giỏi',
      level: 'district',
      recipientKind: 'member',
      recipientId,
      year: 2023,
      occurredOn: '2023-11-22',
    });
  await award('bv-award', 'bv-lan');
  await award('dp-award', 'dp-hoa');

  await ok('put', '/clusters/cum-4/years/2025', {
    name: 'Cụm thi đua số 4',
    federationIds: ['ba-vi', 'dan-phuong'],
    occurredOn: '2025-01-10',
  });
  await ok('put', '/clusters/cum-bv/years/2025', {
    name: 'Cụm xã Ba Vì',
    federationIds: ['van-hoa', 'tan-linh'],
    occurredOn: '2025-07-10',
  });
}

/** A bearer token of Ba Vì's recorder (`user:clerk-ba-vi`), the scope the security suites test against. */
export const baViRecorder = (t: TestApp): string =>
  t.jwt({ sub: 'clerk-ba-vi', roles: ['recorder'], federations: ['ba-vi'] }).authorization;
