import { type Address, hashTypedData } from 'viem';
import { describe, expect, it } from 'vitest';
import { devAccount } from '../src/devAccounts.js';
import { signTournamentResult } from '../src/signTournamentResult.js';
import { tournamentPoolDomain } from '../src/tournamentPoolDomain.js';
import { tournamentResultPrimaryType, tournamentResultTypes } from '../src/tournamentResultTypes.js';
import { expectRevert } from './support/deployFixture.js';
import { type TournamentTestbed, useTournamentTestbed } from './support/tournamentTestbed.js';

// Only the tournament's own, approved game server may vouch for a ranking, for this chain, this pool and
// this tournament; and a ranking may only name entrants, once each, in the paid places.
describe('TournamentPool results', () => {
  let t: TournamentTestbed;
  useTournamentTestbed((testbed) => {
    t = testbed;
  });
  const otherServer = devAccount(6);

  it('accepts the ranking its game server signed and matches viem on the digest', async () => {
    const { id, entered } = await t.endedWith(3);
    const ranking = entered.slice(0, 2);
    const digest = await t.f.read({ ...t.pool, functionName: 'resultDigest', args: [id, ranking] });
    expect(digest).toBe(
      hashTypedData({
        domain: tournamentPoolDomain(31337, t.pool.address),
        types: tournamentResultTypes,
        primaryType: tournamentResultPrimaryType,
        message: { tournamentId: id, ranking },
      }),
    );
    await t.submit(id, ranking);
    const [posted] = await t.f.read({ ...t.pool, functionName: 'results', args: [id] });
    expect(posted).toEqual(ranking);
    await expectRevert(t.submit(id, ranking), 'WrongStatus');
  });

  it('refuses a forged signature, another chain, another pool, another tournament or an edited ranking', async () => {
    const { id, entered } = await t.endedWith(3);
    const other = await t.endedWith(3);
    const ranking: Address[] = entered;
    const forged = await signTournamentResult(
      otherServer.signTypedData,
      tournamentPoolDomain(31337, t.pool.address),
      {
        tournamentId: id,
        ranking,
      },
    );
    await expectRevert(t.submit(id, ranking, forged), 'InvalidResultSignature');
    const otherChain = await t.sign(id, ranking, tournamentPoolDomain(56, t.pool.address));
    await expectRevert(t.submit(id, ranking, otherChain), 'InvalidResultSignature');
    const otherPool = await t.sign(id, ranking, tournamentPoolDomain(31337, t.f.staking.address));
    await expectRevert(t.submit(id, ranking, otherPool), 'InvalidResultSignature');
    const otherTournament = await t.sign(other.id, ranking);
    await expectRevert(t.submit(id, ranking, otherTournament), 'InvalidResultSignature');
    const signed = await t.sign(id, ranking);
    await expectRevert(t.submit(id, [...ranking].reverse(), signed), 'InvalidResultSignature');
    await t.submit(id, ranking, signed);
  });

  it("refuses another approved game server's signature for this tournament", async () => {
    await t.f.write(t.f.admin, {
      ...t.pool,
      functionName: 'setGameServer',
      args: [otherServer.address, true],
    });
    const { id, entered } = await t.endedWith(2);
    const signature = await signTournamentResult(
      otherServer.signTypedData,
      tournamentPoolDomain(31337, t.pool.address),
      { tournamentId: id, ranking: entered },
    );
    await expectRevert(t.submit(id, entered, signature), 'InvalidResultSignature');
  });

  it('stops accepting a game server as soon as the admin revokes it', async () => {
    const { id, entered } = await t.endedWith(2);
    const signature = await t.sign(id, entered);
    await t.f.write(t.f.admin, {
      ...t.pool,
      functionName: 'setGameServer',
      args: [t.f.coordinator, false],
    });
    await expectRevert(t.submit(id, entered, signature), 'GameServerNotApproved');
  });

  it('refuses a signed ranking naming a non-entrant, a wallet twice, too many or no places', async () => {
    const { id, entered } = await t.endedWith(3);
    const [first, second] = entered as [Address, Address];
    await expectRevert(t.submit(id, [first, t.organiser]), 'NotEntrant');
    await expectRevert(t.submit(id, [first, second, first]), 'DuplicateRanked');
    await expectRevert(t.submit(id, []), 'InvalidRanking');
    const many = await t.endedWith(5, { prizeBps: [6000, 4000] });
    await expectRevert(t.submit(many.id, many.entered.slice(0, 3)), 'InvalidRanking');
  });

  it('refuses results before the end', async () => {
    const { id } = await t.create();
    const player = t.players[0] as Address;
    await t.enter(id, player);
    await t.enter(id, t.players[1] as Address);
    await expectRevert(t.submit(id, [player]), 'TournamentNotEnded');
  });
});
