import type { FederationState } from '../../src/organisation/federation';
import { initialUnionState, type UnionState } from '../../src/organisation/union';

/** An active district federation of Hà Nội, as a decider's spec looks it up. */
export function activeDistrict(id: string, name: string, registeredOn: string): FederationState {
  return {
    status: 'active',
    id,
    name,
    level: 'district',
    parentId: 'ha-noi',
    registeredOn,
    endedOn: null,
    clusters: {},
  };
}

/** An active grassroots union, as a decider's spec looks it up: never transferred, no arrival recorded. */
export function activeUnion(
  union: Pick<UnionState, 'id' | 'name' | 'sector' | 'federationId' | 'foundedOn'>,
): UnionState {
  return { ...initialUnionState, status: 'active', ...union };
}

/** The school union of Tản Lĩnh (Ba Vì), named by several contexts' specs. */
export const TAN_LINH_SCHOOL = activeUnion({
  id: 'tan-linh-school',
  name: 'CĐCS Trường THCS Tản Lĩnh',
  sector: 'public-service',
  federationId: 'ba-vi',
  foundedOn: '2010-01-01',
});
