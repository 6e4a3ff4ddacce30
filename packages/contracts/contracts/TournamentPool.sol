// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";
import {TournamentEntries} from "./tournamentPool/TournamentEntries.sol";
import {TournamentPoolBase} from "./tournamentPool/TournamentPoolBase.sol";
import {TournamentResults} from "./tournamentPool/TournamentResults.sol";

/// @title TournamentPool
/// @notice Farcana's prize pools: an organiser creates a tournament, players enter by paying its fee into
///         this contract, the game server signs the ranking after replaying every run, a dispute window lets
///         an entrant or the organiser freeze it for an operator, then winners pull their prizes. The platform
///         fee goes to stakers (FARStaking, revenue source 'gaming') and the treasury. A tournament that
///         cannot pay out (too few players, no results, a void result) refunds every entry in full.
/// @dev Money invariant: for each tournament, prizes + fee = entry fee × entrants exactly, or (when
///      cancelled) refunds = entry fee × entrants; nothing else leaves the contract.
contract TournamentPool is TournamentEntries, TournamentResults {
    using SafeERC20 for IERC20;

    /// @param token_ The FAR token.
    /// @param staking_ FARStaking; register this contract there with setRevenueSource(…, 'gaming').
    /// @param treasury_ Receives the platform fee less the stakers' share.
    /// @param admin Gets DEFAULT_ADMIN_ROLE (game servers, fees, treasury) and OPERATOR_ROLE (disputes).
    /// @param platformFeeBps_ Platform fee per pool, at most 20 %.
    /// @param stakersShareBps_ Stakers' share of the platform fee.
    constructor(
        IERC20 token_,
        IRevenueReceiver staking_,
        address treasury_,
        address admin,
        uint16 platformFeeBps_,
        uint16 stakersShareBps_
    ) TournamentPoolBase(token_, staking_, treasury_, admin, platformFeeBps_, stakersShareBps_) {}

    /// @notice Pays the caller's prize in tournament `id` (settling the platform fee first if nobody has).
    /// @param id A tournament whose results stood through the dispute window (or a resolved dispute).
    /// @return amount The prize paid.
    function claim(uint256 id) external nonReentrant returns (uint256 amount) {
        Tournament storage t = _tournament(id);
        if (!_claimable(t)) revert NotClaimable(id);
        Entry storage entry = _entries[id][msg.sender];
        if (entry.rank == 0) revert NotAWinner(id, msg.sender);
        if (entry.paidOut) revert AlreadyPaidOut(id, msg.sender);
        entry.paidOut = true;
        amount = _prizes[id][entry.rank - 1];
        if (!t.feesSettled) _settleFees(id, t);
        token.safeTransfer(msg.sender, amount);
        emit PrizeClaimed(id, msg.sender, entry.rank, amount);
    }

    /// @notice Sends tournament `id`'s platform fee to stakers and the treasury; anyone may call it once the
    ///         prizes are claimable (the first claim does it too).
    function settleFees(uint256 id) external nonReentrant {
        Tournament storage t = _tournament(id);
        if (!_claimable(t)) revert NotClaimable(id);
        if (t.feesSettled) revert WrongStatus(id, t.status);
        _settleFees(id, t);
    }

    // ---------------------------------------------------------------- views

    /// @notice Tournament `id`'s record (status None for an unknown id).
    function getTournament(uint256 id) external view returns (Tournament memory) {
        return _tournaments[id];
    }

    /// @notice Tournament `id`'s prize table in bps, rank 1 first.
    function prizeTable(uint256 id) external view returns (uint16[] memory) {
        return _prizeBps[id];
    }

    /// @notice The posted ranking and each place's prize (empty before results).
    function results(uint256 id) external view returns (address[] memory ranking, uint256[] memory prizes) {
        return (_ranking[id], _prizes[id]);
    }

    /// @notice `player`'s entry in tournament `id`: entered, paid out (prize or refund), rank (0 = none).
    function entryOf(uint256 id, address player) external view returns (Entry memory) {
        return _entries[id][player];
    }

    /// @notice Whether winners of tournament `id` may claim now.
    function isClaimable(uint256 id) external view returns (bool) {
        return _claimable(_tournaments[id]);
    }

    /// @notice Whether entrants of tournament `id` may refund now.
    function isRefundable(uint256 id) external view returns (bool refundable) {
        (refundable,) = _refundState(_tournaments[id]);
    }

    /// @dev fee = pool − prize pool, exactly what `_postRanking` kept back; stakers get their share of it
    ///      rounded down and the treasury the remainder.
    function _settleFees(uint256 id, Tournament storage t) private {
        t.feesSettled = true;
        uint256 pool = _pool(t);
        uint256 fee = (pool * t.platformFeeBps) / BPS;
        uint256 stakersAmount = (fee * t.stakersShareBps) / BPS;
        uint256 treasuryAmount = fee - stakersAmount;
        if (stakersAmount > 0) staking.notifyRevenue(stakersAmount);
        if (treasuryAmount > 0) token.safeTransfer(treasury, treasuryAmount);
        emit FeesSettled(id, stakersAmount, treasuryAmount);
    }
}
