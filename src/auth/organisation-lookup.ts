import { Inject, Injectable } from '@nestjs/common';
import { clusterDecider } from '../clusters/cluster';
import { clusterStream } from '../clusters/clusters.events';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { loadState, loadStateOn } from '../core/handle-command';
import { memberDecider } from '../membership/member';
import { memberStream } from '../membership/membership.events';
import { federationDecider, type FederationState } from '../organisation/federation';
import { federationStream, unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { awardDecider } from '../recognition/award';
import { awardStream } from '../recognition/recognition.events';

/** Deeper than any real hierarchy (city → district → commune); also stops a corrupt parent loop. */
const MAX_DEPTH = 16;

/**
 * Where an entity sits in the organisation, read from the event streams the command handlers read
 * (never from a read model, which may lag behind the command it must authorise). `null`: unknown.
 */
@Injectable()
export class OrganisationLookup {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** True when the federation is one of `scope` or below one of them (its parent chain reaches one). */
  async isWithin(federationId: string, scope: readonly string[]): Promise<boolean> {
    let current: string | null = federationId;
    for (let depth = 0; current !== null && depth < MAX_DEPTH; depth++) {
      if (scope.includes(current)) return true;
      const federation: FederationState = await loadState(this.store, federationStream(current), federationDecider);
      if (federation.status === 'unregistered') return false;
      current = federation.parentId;
    }
    return false;
  }

  /** The federation a union belonged to on the date (by default, now). */
  async unionFederation(unionId: string, date?: string): Promise<string | null> {
    const stream = unionStream(unionId);
    const union = date
      ? await loadStateOn(this.store, stream, unionDecider, date)
      : await loadState(this.store, stream, unionDecider);
    return union.status === 'unfounded' ? null : union.federationId;
  }

  /** The federation of the union a member belongs to (that union as it stood on the date). */
  async memberFederation(memberId: string, date?: string): Promise<string | null> {
    const member = await loadState(this.store, memberStream(memberId), memberDecider);
    return member.status === 'never-joined' ? null : this.unionFederation(member.unionId, date);
  }

  /** The federation an award counts for. */
  async awardFederation(awardId: string): Promise<string | null> {
    const award = await loadState(this.store, awardStream(awardId), awardDecider);
    return award.status === 'ungranted' ? null : award.federationId;
  }

  /** Every federation that competes in the cluster in any year. */
  async clusterFederations(clusterId: string): Promise<string[]> {
    const cluster = await loadState(this.store, clusterStream(clusterId), clusterDecider);
    return [...new Set(Object.values(cluster.years).flatMap((year) => year.federationIds))];
  }
}
