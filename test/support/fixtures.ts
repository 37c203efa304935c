import type { TestApp } from './test-app';

/** Hà Nội's city federation, the root most end-to-end suites register first. */
export const HA_NOI = { id: 'ha-noi', name: 'LĐLĐ thành phố Hà Nội', level: 'city', occurredOn: '1990-01-01' };

/** The real names of the districts the suites register under Hà Nội (quận, huyện, thị xã). */
const DISTRICT_NAMES: Record<string, string> = {
  'hoan-kiem': 'LĐLĐ quận Hoàn Kiếm',
  'ba-vi': 'LĐLĐ huyện Ba Vì',
  'phuc-tho': 'LĐLĐ huyện Phúc Thọ',
  'quoc-oai': 'LĐLĐ huyện Quốc Oai',
  'son-tay': 'LĐLĐ thị xã Sơn Tây',
};

function realName(id: string): string {
  const name = DISTRICT_NAMES[id];
  if (!name) throw new Error(`no district name known for '${id}': pass options.name`);
  return name;
}

/** The body registering a district federation under Hà Nội in 1991; named `LĐLĐ <id>` unless told. */
export const district = (id: string, name = `LĐLĐ ${id}`) => ({
  id,
  name,
  level: 'district',
  parentId: 'ha-noi',
  occurredOn: '1991-01-01',
});

export interface RegisterHanoiOptions {
  /** A district's name; its real name by default. */
  name?: (id: string) => string;
  /** The `Authorization` header to record with; the test admin by default. */
  authorization?: string;
}

/**
 * Registers Hà Nội and then the given districts under it, in order, each answered 201.
 * Returns the log position of the last registration, for suites that read with `consistentWith`.
 */
export async function registerHanoi(
  t: TestApp,
  districts: readonly string[],
  { name = realName, authorization }: RegisterHanoiOptions = {},
): Promise<number> {
  const register = async (body: object) => {
    const client = authorization ? t.as(authorization) : t.http();
    return (await client.post('/federations').send(body).expect(201)).body.position as number;
  };
  let position = await register(HA_NOI);
  for (const id of districts) position = await register(district(id, name(id)));
  return position;
}

interface Answer {
  status: number;
  body: { message?: unknown; rule?: string };
}

/**
 * Asserts a refusal: the status, that the message says `message`, the rule id when given, and that nothing
 * was appended to the log. `request` is called once, after the log length is read.
 */
export async function expectRefused<R extends Answer>(
  t: TestApp,
  request: () => PromiseLike<R>,
  status: number,
  message: string,
  rule?: string,
): Promise<R> {
  const before = await t.logLength();
  const res = await request();
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  expect(JSON.stringify(res.body.message)).toContain(message);
  if (rule) expect(res.body.rule).toBe(rule);
  expect(await t.logLength()).toBe(before);
  return res;
}
