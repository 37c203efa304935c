import 'reflect-metadata';
import type { Command as BusCommand } from '@nestjs/cqrs';
import { RecordCommand } from '../src/commands/commands.command-handler';
import type { ClusterCommand } from '../src/clusters/cluster';
import type { ClusterEvent } from '../src/clusters/clusters.events';
import { assertNever } from '../src/core/decider';
import type { EventToAppend } from '../src/core/event-store.port';
import type { CommandEnvelope, CommandOutcome } from '../src/core/handle-command';
import type { DemocracyEvent } from '../src/democracy/democracy.events';
import type { WorkplaceDemocracyCommand } from '../src/democracy/workplace-democracy';
import type { FundBookCommand } from '../src/funds/fund-book';
import type { FundBookEvent, FundHandedOver, FundTakenOver } from '../src/funds/funds.events';
import type { MemberCommand } from '../src/membership/member';
import type { MemberEvent, MemberForgotten } from '../src/membership/membership.events';
import type { FederationCommand } from '../src/organisation/federation';
import type {
  FederationEnteredCluster,
  FederationEvent,
  MemberAdmitted,
  UnionEvent,
} from '../src/organisation/organisation.events';
import type { UnionCommand } from '../src/organisation/union';
import type { AwardCommand } from '../src/recognition/award';
import type { InitiativeCommand } from '../src/recognition/initiative';
import type { AwardEvent, InitiativeEvent } from '../src/recognition/recognition.events';

/**
 * The commands that would have recorded a generated history: each event turned back into the command a clerk
 * sends, with its envelope (actor, business date, correlation, reason). The benchmark appends through them; the
 * tests replay a history through them and get the same events, which shows the generator's events are valid.
 */
export type HistoryCommand =
  | { context: 'organisation'; command: FederationCommand | UnionCommand; envelope: CommandEnvelope }
  | { context: 'membership'; command: MemberCommand; envelope: CommandEnvelope }
  | { context: 'funds'; command: FundBookCommand; envelope: CommandEnvelope }
  | { context: 'recognition'; command: AwardCommand | InitiativeCommand; envelope: CommandEnvelope }
  | { context: 'democracy'; command: WorkplaceDemocracyCommand; envelope: CommandEnvelope }
  | { context: 'clusters'; command: ClusterCommand; envelope: CommandEnvelope };

/**
 * Events a command records in its own stream (a union's roster entries come with the member's command, a fund
 * handover with the reorganisation that merges the federation).
 */
type KnownEvent =
  | Exclude<FederationEvent, FederationEnteredCluster>
  | Exclude<UnionEvent, MemberAdmitted>
  | MemberEvent
  | MemberForgotten
  | Exclude<FundBookEvent, FundHandedOver | FundTakenOver>
  | AwardEvent
  | InitiativeEvent
  | DemocracyEvent
  | ClusterEvent;

export function commandOf(event: EventToAppend): HistoryCommand {
  const { metadata } = event;
  const envelope: CommandEnvelope = {
    actor: metadata.actor,
    occurredOn: metadata.occurredOn,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    // One key per request, as a client that retries safely sends (and as `npm run seed:demo` does).
    idempotencyKey: `bench:${event.id}`,
    ...(metadata.reason ? { reason: metadata.reason } : {}),
  };
  const known = { type: event.type, data: event.data } as KnownEvent;
  switch (known.type) {
    case 'FederationRegistered': {
      const { federationId, name, level, parentId } = known.data;
      return {
        context: 'organisation',
        envelope,
        command: { type: 'RegisterFederation', federationId, name, level, parentId },
      };
    }
    case 'FederationRenamed':
      return {
        context: 'organisation',
        envelope,
        command: { type: 'RenameFederation', federationId: known.data.federationId, name: known.data.to },
      };
    case 'FederationsMerged':
      return {
        context: 'organisation',
        envelope,
        command: {
          type: 'MergeFederation',
          federationId: known.data.federationId,
          intoFederationId: known.data.intoFederationId,
        },
      };
    case 'FederationDissolved':
      return {
        context: 'organisation',
        envelope,
        command: { type: 'DissolveFederation', federationId: known.data.federationId },
      };
    case 'DevelopmentTargetSet': {
      const { federationId, year, newMembers, newUnions } = known.data;
      return {
        context: 'organisation',
        envelope,
        command: { type: 'SetDevelopmentTarget', federationId, year, newMembers, newUnions },
      };
    }
    case 'WorkforceReported': {
      const { federationId, year, workers } = known.data;
      return { context: 'organisation', envelope, command: { type: 'ReportWorkforce', federationId, year, workers } };
    }
    case 'UnionFounded': {
      const { unionId, federationId, name, sector } = known.data;
      return {
        context: 'organisation',
        envelope,
        command: { type: 'FoundUnion', unionId, federationId, name, sector },
      };
    }
    case 'UnionDissolved':
      return { context: 'organisation', envelope, command: { type: 'DissolveUnion', unionId: known.data.unionId } };
    case 'UnionTransferred':
      return {
        context: 'organisation',
        envelope,
        command: { type: 'TransferUnion', unionId: known.data.unionId, toFederationId: known.data.toFederationId },
      };
    case 'MemberJoined': {
      const { memberId, unionId, personal } = known.data;
      return { context: 'membership', envelope, command: { type: 'JoinMember', memberId, unionId, personal } };
    }
    case 'MemberTransferred':
      return {
        context: 'membership',
        envelope,
        command: { type: 'TransferMember', memberId: known.data.memberId, toUnionId: known.data.toUnionId },
      };
    case 'MemberLeft':
      return { context: 'membership', envelope, command: { type: 'RecordMemberLeft', memberId: known.data.memberId } };
    case 'MemberForgotten':
      return { context: 'membership', envelope, command: { type: 'ForgetMember', memberId: known.data.memberId } };
    case 'FundOpened': {
      const { federationId, fundId, kind, name } = known.data;
      return { context: 'funds', envelope, command: { type: 'OpenFund', federationId, fundId, kind, name } };
    }
    case 'ContributionReceived': {
      const { federationId, entryId, fundId, amount, source } = known.data;
      return {
        context: 'funds',
        envelope,
        command: { type: 'ReceiveContribution', federationId, entryId, fundId, amount, source },
      };
    }
    case 'SupportPaid': {
      const { federationId, entryId, fundId, amount, purpose, recipient, recipients, amountEach } = known.data;
      return {
        context: 'funds',
        envelope,
        command: {
          type: 'PaySupport',
          federationId,
          entryId,
          fundId,
          amount,
          purpose,
          recipient,
          recipients,
          amountEach,
        },
      };
    }
    case 'FundTransferred': {
      const { federationId, entryId, fromFundId, toFundId, amount } = known.data;
      return {
        context: 'funds',
        envelope,
        command: { type: 'TransferBetweenFunds', federationId, entryId, fromFundId, toFundId, amount },
      };
    }
    case 'EntryCorrected': {
      const { federationId, entryId, correctsEntryId, kind, amountDelta, reason } = known.data;
      return {
        context: 'funds',
        envelope,
        command: {
          type: 'CorrectEntry',
          federationId,
          entryId,
          correctsEntryId,
          kind,
          amountDelta: kind === 'reversal' ? null : amountDelta,
          reason,
        },
      };
    }
    case 'PeriodClosed': {
      const { federationId, closedThrough } = known.data;
      return { context: 'funds', envelope, command: { type: 'ClosePeriod', federationId, closedThrough } };
    }
    case 'PeriodReopened': {
      const { federationId, reopenedFrom, reason } = known.data;
      return { context: 'funds', envelope, command: { type: 'ReopenPeriod', federationId, reopenedFrom, reason } };
    }
    case 'AwardGranted': {
      const { awardId, title, level, recipient, year } = known.data;
      return {
        context: 'recognition',
        envelope,
        command: { type: 'GrantAward', awardId, title, level, recipient, year },
      };
    }
    case 'AwardRevoked':
      return { context: 'recognition', envelope, command: { type: 'RevokeAward', awardId: known.data.awardId } };
    case 'InitiativeRecognised': {
      const { initiativeId, federationId, unionId, title, valueSavedDong } = known.data;
      return {
        context: 'recognition',
        envelope,
        command: { type: 'RecogniseInitiative', initiativeId, federationId, unionId, title, valueSavedDong },
      };
    }
    case 'ConferenceHeld': {
      const { unionId, year, kind } = known.data;
      return { context: 'democracy', envelope, command: { type: 'HoldConference', unionId, year, kind } };
    }
    case 'AgreementSigned': {
      const { unionId, agreementId, title, validFrom, validUntil } = known.data;
      return {
        context: 'democracy',
        envelope,
        command: { type: 'SignAgreement', unionId, agreementId, title, validFrom, validUntil },
      };
    }
    case 'ClusterFormed': {
      const { clusterId, year, name, federationIds } = known.data;
      return { context: 'clusters', envelope, command: { type: 'FormCluster', clusterId, year, name, federationIds } };
    }
    case 'ClusterLeaderElected': {
      const { clusterId, forYear, leaderFederationId, deputyFederationId } = known.data;
      return {
        context: 'clusters',
        envelope,
        command: { type: 'ElectClusterLeader', clusterId, forYear, leaderFederationId, deputyFederationId },
      };
    }
    case 'ScoringRuleAdopted': {
      const { clusterId, year, weights, tieBreak } = known.data;
      return {
        context: 'clusters',
        envelope,
        command: { type: 'AdoptScoringRule', clusterId, year, weights, tieBreak },
      };
    }
    case 'EvaluationRecorded': {
      const { clusterId, year, federationId, grade, rank } = known.data;
      return {
        context: 'clusters',
        envelope,
        command: { type: 'RecordEvaluation', clusterId, year, federationId, grade, rank },
      };
    }
    default:
      return assertNever(known);
  }
}

/** Sends a command through the service's command layer and answers with what it recorded. */
export type CommandLayer = (command: HistoryCommand) => Promise<CommandOutcome>;

/** The command bus message for a history command: what the HTTP controllers put on the bus. */
export function busCommandOf(sent: HistoryCommand): BusCommand<CommandOutcome> {
  return new RecordCommand(sent.command, sent.envelope);
}
