import { describe, expect, it } from 'vitest';
import { groupByOrganisation, isRiskyReceiver, rankStuckMembers, type StuckMemberFacts } from './stuck-order.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

function fact(email: string, overrides: Partial<StuckMemberFacts> = {}): StuckMemberFacts {
  return { memberId: email, email, name: null, locale: 'fr', invitedAt: daysAgo(5), organisation: 'google', lastSent: { at: daysAgo(5), providerMessageId: `id-${email}`, settled: false }, lastEvent: null, ...overrides };
}

describe('who needs help first', () => {
  it('puts refused first, then quarantined at risky receivers, quarantined elsewhere, never mailed, waiting, delivered', () => {
    const ranked = rankStuckMembers(
      [
        fact('delivered@gmail.com', { lastSent: { at: daysAgo(5), providerMessageId: 'd', settled: true }, lastEvent: { kind: 'delivered', at: daysAgo(5), detail: null } }),
        fact('waiting@gmail.com', { lastSent: { at: daysAgo(1), providerMessageId: 'w', settled: false } }),
        fact('handed@gmail.com', { lastSent: null }),
        fact('quiet@gmail.com'),
        fact('quiet@ulaval.ca', { organisation: 'microsoft-365' }),
        fact('bounced@gmail.com', { invitedAt: daysAgo(1), lastEvent: { kind: 'bounced', at: daysAgo(1), detail: 'HardBounce' } }),
      ],
      NOW,
      48,
    );
    expect(ranked.map((member) => [member.email, member.reason])).toEqual([
      ['bounced@gmail.com', 'refused'],
      ['quiet@ulaval.ca', 'quarantined-risky'],
      ['quiet@gmail.com', 'quarantined'],
      ['handed@gmail.com', 'never-mailed'],
      ['waiting@gmail.com', 'waiting'],
      ['delivered@gmail.com', 'delivered'],
    ]);
  });

  it('within a reason, the oldest invitation first, then the address', () => {
    const ranked = rankStuckMembers([fact('b@x.org', { invitedAt: daysAgo(3) }), fact('c@x.org', { invitedAt: daysAgo(9) }), fact('a@x.org', { invitedAt: daysAgo(3) })], NOW, 48);
    expect(ranked.map((member) => member.email)).toEqual(['c@x.org', 'a@x.org', 'b@x.org']);
  });

  it('reads the quarantine delay it is given (a fake clock moves the member up)', () => {
    const member = fact('quiet@gmail.com', { lastSent: { at: daysAgo(1), providerMessageId: 'q', settled: false } });
    expect(rankStuckMembers([member], NOW, 48)[0]!.reason).toBe('waiting');
    expect(rankStuckMembers([member], new Date(NOW.getTime() + 86_400_000), 48)[0]!.reason).toBe('quarantined');
  });
});

describe('receivers', () => {
  it('knows the silent quarantiners by kind, and an institution receiving its own mail', () => {
    expect(isRiskyReceiver('microsoft-365', 'a@ulaval.ca')).toBe(true);
    expect(isRiskyReceiver('google', 'a@gmail.com')).toBe(false);
    expect(isRiskyReceiver('ulaval.ca', 'a@fsg.ulaval.ca')).toBe(true);
    expect(isRiskyReceiver('ovh.net', 'a@exemple.fr')).toBe(false);
  });

  it('groups one page by organisation, groups in the order of their most urgent member', () => {
    const ranked = rankStuckMembers(
      [fact('a@gmail.com'), fact('b@ulaval.ca', { organisation: 'microsoft-365' }), fact('c@gmail.com', { lastEvent: { kind: 'bounced', at: daysAgo(2), detail: 'HardBounce' } })],
      NOW,
      48,
    );
    expect(groupByOrganisation(ranked).map((group) => [group.organisation, group.members.map((member) => member.email)])).toEqual([
      ['google', ['c@gmail.com', 'a@gmail.com']],
      ['microsoft-365', ['b@ulaval.ca']],
    ]);
  });
});
