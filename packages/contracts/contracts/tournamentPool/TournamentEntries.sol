// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {TournamentPoolBase} from "./TournamentPoolBase.sol";

/// @title TournamentEntries
/// @notice Creating a tournament, entering it (the pool holds every fee), cancelling it before it starts,
///         and refunds when it cannot pay out.
abstract contract TournamentEntries is TournamentPoolBase {
    using SafeERC20 for IERC20;

    /// @notice Creates a tournament; the caller is its organiser. Anyone may organise: the pool only ever
    ///         holds the entrants' own fees, and results come from an approved game server, not the organiser.
    /// @dev Entries stay open until `endTime`, not `startTime`: an arcade tournament is a leaderboard over
    ///      its window, so a player may join while it runs. `startTime` is when the game server starts
    ///      issuing tournament seeds, and the last moment the organiser may cancel.
    /// @param params Game server (must be approved), entry fee (> 0), schedule, player bounds
    ///        (1 ≤ min ≤ max), dispute window (1 h – 7 d), mode, metadata hash and prize table
    ///        (1–32 ranks, each > 0, summing to 10,000 bps).
    /// @return id The new tournament's id (1, 2, …).
    function createTournament(TournamentParams calldata params) external returns (uint256 id) {
        _checkParams(params);
        id = ++tournamentCount;
        Tournament storage t = _tournaments[id];
        t.organiser = msg.sender;
        t.startTime = params.startTime;
        t.endTime = params.endTime;
        t.platformFeeBps = platformFeeBps;
        t.gameServer = params.gameServer;
        t.entryFee = params.entryFee;
        t.minPlayers = params.minPlayers;
        t.maxPlayers = params.maxPlayers;
        t.disputeWindow = params.disputeWindow;
        t.status = Status.Open;
        t.stakersShareBps = stakersShareBps;
        t.modeId = params.modeId;
        t.metadataHash = params.metadataHash;
        _prizeBps[id] = params.prizeBps;
        emit TournamentCreated(id, msg.sender, params.gameServer, params, t.platformFeeBps, t.stakersShareBps);
    }

    /// @notice Enters tournament `id`, paying its entry fee into the pool (approve it first).
    /// @param id An open tournament before its end, not full, not yet entered by the caller.
    function enter(uint256 id) external nonReentrant {
        _enter(id, _tournament(id));
    }

    /// @notice `enter` with an EIP-2612 permit for the entry fee instead of a prior approve.
    /// @dev The permit is tried, not required: if someone front-ran it, the allowance is already there.
    function enterWithPermit(uint256 id, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        Tournament storage t = _tournament(id);
        try IERC20Permit(address(token)).permit(msg.sender, address(this), t.entryFee, deadline, v, r, s) {} catch {}
        _enter(id, t);
    }

    /// @notice The organiser calls tournament `id` off before it starts; every entrant may then refund.
    function cancelTournament(uint256 id) external {
        Tournament storage t = _tournament(id);
        if (msg.sender != t.organiser) revert NotOrganiser(id, msg.sender);
        if (t.status != Status.Open) revert WrongStatus(id, t.status);
        if (block.timestamp >= t.startTime) revert AlreadyStarted(id);
        _cancel(id, t, CancelReason.ByOrganiser);
    }

    /// @notice Pays the caller's entry fee back when tournament `id` cannot pay out: cancelled, fewer
    ///         entrants than its minimum at the end, no results within RESULTS_DEADLINE of the end, a
    ///         dispute upheld without a new ranking, or a dispute left unresolved for RESULTS_DEADLINE.
    /// @dev The first refund of a tournament that became refundable by time records it as Cancelled.
    function refund(uint256 id) external nonReentrant {
        Tournament storage t = _tournament(id);
        (bool refundable, CancelReason reason) = _refundState(t);
        if (!refundable) revert NotRefundable(id);
        if (t.status != Status.Cancelled) _cancel(id, t, reason);
        Entry storage entry = _entries[id][msg.sender];
        if (!entry.entered) revert NotEntrant(id, msg.sender);
        if (entry.paidOut) revert AlreadyPaidOut(id, msg.sender);
        entry.paidOut = true;
        uint256 amount = t.entryFee;
        token.safeTransfer(msg.sender, amount);
        emit Refunded(id, msg.sender, amount);
    }

    function _enter(uint256 id, Tournament storage t) private {
        if (t.status != Status.Open) revert WrongStatus(id, t.status);
        if (block.timestamp >= t.endTime) revert EntryClosed(id);
        if (t.entrants >= t.maxPlayers) revert TournamentFull(id);
        Entry storage entry = _entries[id][msg.sender];
        if (entry.entered) revert AlreadyEntered(id, msg.sender);
        entry.entered = true;
        uint32 entrants = ++t.entrants;
        uint256 fee = t.entryFee;
        token.safeTransferFrom(msg.sender, address(this), fee);
        emit Entered(id, msg.sender, fee, entrants);
    }

    function _checkParams(TournamentParams calldata params) private view {
        if (!isGameServer[params.gameServer]) revert GameServerNotApproved(params.gameServer);
        if (params.entryFee == 0) revert InvalidEntryFee();
        if (
            params.startTime >= params.endTime || params.endTime <= block.timestamp
                || params.endTime > block.timestamp + MAX_SCHEDULE
        ) revert InvalidSchedule(params.startTime, params.endTime);
        if (params.minPlayers == 0 || params.maxPlayers < params.minPlayers) {
            revert InvalidPlayerBounds(params.minPlayers, params.maxPlayers);
        }
        if (params.disputeWindow < MIN_DISPUTE_WINDOW || params.disputeWindow > MAX_DISPUTE_WINDOW) {
            revert InvalidDisputeWindow(params.disputeWindow);
        }
        uint256 ranks = params.prizeBps.length;
        if (ranks == 0 || ranks > MAX_PRIZE_RANKS) revert InvalidPrizeTable();
        uint256 sum;
        for (uint256 i; i < ranks; ++i) {
            if (params.prizeBps[i] == 0) revert InvalidPrizeTable();
            sum += params.prizeBps[i];
        }
        if (sum != BPS) revert InvalidPrizeTable();
    }
}
