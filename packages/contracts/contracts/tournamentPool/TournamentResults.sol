// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {TournamentPoolBase} from "./TournamentPoolBase.sol";

/// @title TournamentResults
/// @notice Results signed by the tournament's game server after it replayed every run, the dispute
///         window that follows, and an operator's resolution of a dispute.
abstract contract TournamentResults is TournamentPoolBase {
    /// @notice EIP-712 type of a result: the ranked wallets (first = rank 1) of one tournament. The domain
    ///         (name "Far Labs TournamentPool", version "1", chain id, this contract) binds it to one chain
    ///         and one pool; `tournamentId` to one tournament.
    bytes32 public constant TOURNAMENT_RESULT_TYPEHASH =
        keccak256("TournamentResult(uint256 tournamentId,address[] ranking)");

    /// @notice Posts tournament `id`'s ranking after its end and opens the dispute window. Anyone may send
    ///         it (a relayer, the API, the game server itself): the game server's signature is what counts.
    /// @dev The ranking lists the paid places only (at most the prize table's length); with fewer ranked
    ///      players than places, the places' shares are spread over those ranked (see `_postRanking`).
    /// @param id An open tournament past its end, within RESULTS_DEADLINE, with at least its minimum players.
    /// @param ranking Entrants, best first, no duplicates, 1 to prize-table length of them.
    /// @param signature EIP-712 `TournamentResult` signed by the tournament's game server (still approved).
    function submitResults(uint256 id, address[] calldata ranking, bytes calldata signature) external {
        Tournament storage t = _tournament(id);
        if (t.status != Status.Open) revert WrongStatus(id, t.status);
        if (block.timestamp < t.endTime) revert TournamentNotEnded(id);
        if (block.timestamp >= uint256(t.endTime) + RESULTS_DEADLINE) revert ResultsTooLate(id);
        if (t.entrants < t.minPlayers) revert NotEnoughPlayers(id, t.entrants, t.minPlayers);
        address server = t.gameServer;
        if (!isGameServer[server]) revert GameServerNotApproved(server);
        if (!SignatureChecker.isValidSignatureNow(server, resultDigest(id, ranking), signature)) {
            revert InvalidResultSignature(id);
        }
        t.status = Status.ResultsPosted;
        t.disputeEndsAt = uint40(block.timestamp + t.disputeWindow);
        _postRanking(id, t, ranking);
    }

    /// @notice Flags tournament `id`'s posted result for an operator's review; payouts freeze until then.
    /// @param id A tournament whose results are posted and whose dispute window is still open.
    /// @param reason Why, for the operator (at most MAX_REASON_LENGTH bytes; only logged).
    function dispute(uint256 id, string calldata reason) external {
        Tournament storage t = _tournament(id);
        if (t.status != Status.ResultsPosted) revert WrongStatus(id, t.status);
        if (block.timestamp >= t.disputeEndsAt) revert DisputeWindowClosed(id);
        if (!_entries[id][msg.sender].entered && msg.sender != t.organiser) revert NotDisputant(id, msg.sender);
        if (bytes(reason).length > MAX_REASON_LENGTH) revert ReasonTooLong(bytes(reason).length);
        t.status = Status.Disputed;
        emit ResultDisputed(id, msg.sender, reason);
    }

    /// @notice An operator settles a dispute on tournament `id`; payouts become claimable at once.
    /// @dev Rejected: the posted ranking stands. Upheld with a new ranking: it replaces the old one (the
    ///      operator's word replaces the server's signature, which is what the role is trusted for). Upheld
    ///      with an empty ranking: the result is void and every entrant may refund.
    /// @param id A disputed tournament, within RESULTS_DEADLINE of its dispute window's end.
    /// @param upheld Whether the dispute was right.
    /// @param newRanking Only read when upheld; the same rules as `submitResults`.
    function resolveDispute(uint256 id, bool upheld, address[] calldata newRanking)
        external
        onlyRole(OPERATOR_ROLE)
    {
        Tournament storage t = _tournament(id);
        if (t.status != Status.Disputed) revert WrongStatus(id, t.status);
        if (block.timestamp >= uint256(t.disputeEndsAt) + RESULTS_DEADLINE) revert DisputeExpired(id);
        emit DisputeResolved(id, msg.sender, upheld);
        if (upheld && newRanking.length == 0) {
            _cancel(id, t, CancelReason.DisputeUpheld);
            return;
        }
        t.status = Status.ResultsPosted;
        t.disputeEndsAt = uint40(block.timestamp);
        if (upheld) {
            _clearRanking(id);
            _postRanking(id, t, newRanking);
        }
    }

    /// @notice The EIP-712 digest a game server signs for `ranking` of tournament `id`.
    /// @param id The tournament.
    /// @param ranking Its ranked wallets, best first.
    /// @return The digest `submitResults` checks the signature against.
    function resultDigest(uint256 id, address[] calldata ranking) public view returns (bytes32) {
        // EIP-712 encodes an address[] member as the keccak of its 32-byte-padded elements, which is
        // what abi.encodePacked does for an array.
        return _hashTypedDataV4(keccak256(abi.encode(TOURNAMENT_RESULT_TYPEHASH, id, keccak256(abi.encodePacked(ranking)))));
    }

    /// @dev Validates and records `ranking`, and fixes each place's prize. Prize pool = pool − platform fee.
    ///      Filled places share it in proportion to their table entries (a 50/30/20 table with two ranked
    ///      players pays 62.5/37.5), each rounded down; the rounding dust goes to first place, so the prizes
    ///      sum to exactly the prize pool.
    function _postRanking(uint256 id, Tournament storage t, address[] calldata ranking) private {
        uint16[] storage table = _prizeBps[id];
        uint256 places = ranking.length;
        if (places == 0 || places > table.length) revert InvalidRanking(id);
        uint256 filledBps;
        for (uint256 i; i < places; ++i) {
            Entry storage entry = _entries[id][ranking[i]];
            if (!entry.entered) revert NotEntrant(id, ranking[i]);
            if (entry.rank != 0) revert DuplicateRanked(id, ranking[i]);
            entry.rank = uint8(i + 1);
            filledBps += table[i];
        }
        uint256 pool = _pool(t);
        uint256 prizePool = pool - (pool * t.platformFeeBps) / BPS;
        uint256[] memory prizes = new uint256[](places);
        uint256 paid;
        for (uint256 i; i < places; ++i) {
            prizes[i] = (prizePool * table[i]) / filledBps;
            paid += prizes[i];
        }
        prizes[0] += prizePool - paid;
        _ranking[id] = ranking;
        _prizes[id] = prizes;
        emit ResultsPosted(id, msg.sender, ranking, prizes, t.disputeEndsAt);
    }

    function _clearRanking(uint256 id) private {
        address[] storage ranking = _ranking[id];
        for (uint256 i; i < ranking.length; ++i) {
            _entries[id][ranking[i]].rank = 0;
        }
        delete _ranking[id];
        delete _prizes[id];
    }
}
