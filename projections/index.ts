import type { Projection } from '../src/core/projection';
import { clustersProjection } from './clusters/clusters.projection';
import { fundsProjection } from './funds/funds.projection';
import { membershipProjection } from './membership/membership.projection';
import { recognitionProjection } from './recognition/recognition.projection';

/** Every read model the service keeps; the runner follows the log for each. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  membershipProjection,
  fundsProjection,
  recognitionProjection,
  clustersProjection,
];
