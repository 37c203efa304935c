import type { EventSchema } from '../core/event-schemas';

/**
 * AwardRevoked v2 carries the award's `year` (a revocation leaves that year's count). A v1 revocation takes it
 * from its award's grant, which is always the first event of the same `award-<id>` stream.
 */
const awardRevoked: EventSchema = {
  type: 'AwardRevoked',
  currentVersion: 2,
  upcasters: [
    {
      from: 1,
      async upcast(data, event, context) {
        const grant = await context.streamStart();
        if (grant?.type !== 'AwardGranted') {
          throw new Error(`${event.streamId} does not start with the AwardGranted its revocation ${event.id} needs`);
        }
        return { ...data, year: grant.data.year };
      },
    },
  ],
};

export const RECOGNITION_SCHEMAS: EventSchema[] = [awardRevoked];
