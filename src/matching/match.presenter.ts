import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Parent } from '../parents/parent.entity';
import type { UnmatchedSeeker } from './engine';
import { MatchDto, PersonRefDto, UnmatchedDto } from './dto/match.dto';
import { Match } from './match.entity';
import { MatchingRepository } from './matching.repository';
import { ReasonTextService } from './reason-text.service';

const ref = (p: Parent | undefined, id: string): PersonRefDto => ({
  id,
  givenName: p?.givenName ?? '',
  familyName: p?.familyName ?? null,
});

/** Staff views of matches: names and every reason, in the reader's language. */
@Injectable()
export class MatchPresenter {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly texts: ReasonTextService,
  ) {}

  async matches(matches: Match[], lang: string, m?: EntityManager): Promise<MatchDto[]> {
    const people = await this.people(
      matches.flatMap((x) => [x.seekerId, x.buddyId]),
      m,
    );
    return matches.map((x) => ({
      id: x.id,
      status: x.status,
      score: x.score,
      pinned: x.pinned,
      seeker: ref(people.get(x.seekerId), x.seekerId),
      buddy: ref(people.get(x.buddyId), x.buddyId),
      reasons: x.reasons.map((r) => ({ ...r, text: this.texts.forStaff(r, lang) })),
      seekerResponse: x.seekerResponse,
      buddyResponse: x.buddyResponse,
      declineReason: x.declineReason,
      approvedAt: x.approvedAt,
      activatedAt: x.activatedAt,
      endedAt: x.endedAt,
      endReason: x.endReason,
      endOutcome: x.endOutcome,
      needsAttention: x.needsAttention,
      checkIns: x.checkIns,
      runId: x.runId,
      createdAt: x.createdAt,
    }));
  }

  async unmatched(
    list: UnmatchedSeeker[],
    lang: string,
    m?: EntityManager,
  ): Promise<UnmatchedDto[]> {
    const people = await this.people(
      list.map((u) => u.seekerId),
      m,
    );
    return list.map((u) => ({
      parent: ref(people.get(u.seekerId), u.seekerId),
      reason: u.reason,
      text: this.texts.unmatched(u.reason, lang),
      candidates: u.candidates,
    }));
  }

  private async people(ids: string[], m?: EntityManager): Promise<Map<string, Parent>> {
    const parents = await this.repo.parentsByIds(m, [...new Set(ids)]);
    return new Map(parents.map((p) => [p.id, p]));
  }
}
