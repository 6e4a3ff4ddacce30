// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IRevenueReceiver} from "../interfaces/IRevenueReceiver.sol";

/// @title TournamentPoolBase
/// @notice What every part of TournamentPool shares: the FAR token, FARStaking, the treasury, the fee
///         settings, the approved game servers, the tournament records, errors and events.
/// @dev The parts (TournamentEntries, TournamentResults, TournamentPayouts) are abstract contracts on this
///      base, so TournamentPool's ABI is the union of theirs.
abstract contract TournamentPoolBase is AccessControl, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice Resolves disputes.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice Sets the platform fee terms (held by the FarTimelock after the deploy scripts' hand-over).
    bytes32 public constant TREASURER_ROLE = keccak256("TREASURER_ROLE");
    uint256 public constant BPS = 10_000;
    /// @notice Longest prize table: bounds the loops of posting a ranking and clearing it.
    uint256 public constant MAX_PRIZE_RANKS = 32;
    /// @notice The platform fee can never exceed 20 % of a pool.
    uint256 public constant MAX_PLATFORM_FEE_BPS = 2_000;
    uint256 public constant MIN_DISPUTE_WINDOW = 1 hours;
    uint256 public constant MAX_DISPUTE_WINDOW = 7 days;
    /// @notice Results must be posted within this long after the end, and a dispute resolved within this
    ///         long after its window; past either, every entrant may take their fee back (no pool is stuck
    ///         on a silent game server or operator).
    uint256 public constant RESULTS_DEADLINE = 7 days;
    /// @notice A tournament cannot end further than this in the future.
    uint256 public constant MAX_SCHEDULE = 365 days;
    /// @notice Longest dispute reason, in bytes (it is only logged).
    uint256 public constant MAX_REASON_LENGTH = 280;

    /// @notice Open: accepting entries until `endTime`, then waiting for results. ResultsPosted: claimable
    ///         once `disputeEndsAt` has passed. Disputed: frozen until an operator resolves it.
    ///         Cancelled: every entrant may refund their fee.
    enum Status {
        None,
        Open,
        ResultsPosted,
        Disputed,
        Cancelled
    }

    enum CancelReason {
        ByOrganiser,
        TooFewPlayers,
        NoResults,
        DisputeUpheld,
        DisputeUnresolved
    }

    /// @dev Four slots besides the two hashes. Fee settings are copied at creation: the admin changing them
    ///      later does not change the terms players entered under.
    struct Tournament {
        address organiser;
        uint40 startTime;
        uint40 endTime;
        uint16 platformFeeBps;
        address gameServer;
        uint96 entryFee;
        uint32 minPlayers;
        uint32 maxPlayers;
        uint32 entrants;
        uint32 disputeWindow;
        uint40 disputeEndsAt;
        Status status;
        uint16 stakersShareBps;
        bool feesSettled;
        bytes32 modeId;
        bytes32 metadataHash;
    }

    /// @notice What an organiser chooses. `prizeBps[i]` is rank i+1's share of the prize pool.
    struct TournamentParams {
        address gameServer;
        uint96 entryFee;
        uint40 startTime;
        uint40 endTime;
        uint32 minPlayers;
        uint32 maxPlayers;
        uint32 disputeWindow;
        bytes32 modeId;
        bytes32 metadataHash;
        uint16[] prizeBps;
    }

    /// @dev `rank` is 1-based, 0 = not ranked. `paidOut` covers both a claimed prize and a refund (a
    ///      tournament pays one or the other, never both).
    struct Entry {
        bool entered;
        bool paidOut;
        uint8 rank;
    }

    IERC20 public immutable token;
    IRevenueReceiver public immutable staking;

    address public treasury;
    /// @notice Share of each pool taken as platform fee, for tournaments created from now on.
    uint16 public platformFeeBps;
    /// @notice Share of the platform fee streamed to stakers; the treasury gets the rest.
    uint16 public stakersShareBps;
    uint256 public tournamentCount;
    /// @notice Game servers whose signed results the pool accepts (Farcana's own and other games').
    mapping(address server => bool approved) public isGameServer;

    mapping(uint256 id => Tournament) internal _tournaments;
    mapping(uint256 id => uint16[]) internal _prizeBps;
    mapping(uint256 id => address[]) internal _ranking;
    mapping(uint256 id => uint256[]) internal _prizes;
    mapping(uint256 id => mapping(address player => Entry)) internal _entries;

    event GameServerUpdated(address indexed server, bool approved);
    event TreasuryUpdated(address indexed treasury);
    event FeesUpdated(uint16 platformFeeBps, uint16 stakersShareBps);
    /// @notice `params` as the organiser gave them, with the fee terms copied at creation.
    event TournamentCreated(
        uint256 indexed tournamentId,
        address indexed organiser,
        address indexed gameServer,
        TournamentParams params,
        uint16 platformFeeBps,
        uint16 stakersShareBps
    );
    event Entered(uint256 indexed tournamentId, address indexed player, uint256 entryFee, uint32 entrants);
    event ResultsPosted(
        uint256 indexed tournamentId,
        address indexed postedBy,
        address[] ranking,
        uint256[] prizes,
        uint40 disputeEndsAt
    );
    event ResultDisputed(uint256 indexed tournamentId, address indexed disputedBy, string reason);
    event DisputeResolved(uint256 indexed tournamentId, address indexed operator, bool upheld);
    event TournamentCancelled(uint256 indexed tournamentId, CancelReason reason);
    event FeesSettled(uint256 indexed tournamentId, uint256 stakersAmount, uint256 treasuryAmount);
    event PrizeClaimed(uint256 indexed tournamentId, address indexed winner, uint8 rank, uint256 amount);
    event Refunded(uint256 indexed tournamentId, address indexed player, uint256 amount);

    error ZeroAddress();
    error FeeTooHigh(uint256 feeBps, uint256 max);
    error InvalidBps(uint256 bps);
    error GameServerNotApproved(address server);
    error InvalidEntryFee();
    error InvalidSchedule(uint256 startTime, uint256 endTime);
    error InvalidPlayerBounds(uint256 minPlayers, uint256 maxPlayers);
    error InvalidDisputeWindow(uint256 window);
    error InvalidPrizeTable();
    error UnknownTournament(uint256 tournamentId);
    error WrongStatus(uint256 tournamentId, Status status);
    error EntryClosed(uint256 tournamentId);
    error AlreadyEntered(uint256 tournamentId, address player);
    error TournamentFull(uint256 tournamentId);
    error NotOrganiser(uint256 tournamentId, address caller);
    error AlreadyStarted(uint256 tournamentId);
    error NotRefundable(uint256 tournamentId);
    error NotEntrant(uint256 tournamentId, address player);
    error AlreadyPaidOut(uint256 tournamentId, address player);
    error TournamentNotEnded(uint256 tournamentId);
    error ResultsTooLate(uint256 tournamentId);
    error NotEnoughPlayers(uint256 tournamentId, uint256 entrants, uint256 minPlayers);
    error InvalidResultSignature(uint256 tournamentId);
    error InvalidRanking(uint256 tournamentId);
    error DuplicateRanked(uint256 tournamentId, address player);
    error DisputeWindowClosed(uint256 tournamentId);
    error NotDisputant(uint256 tournamentId, address caller);
    error ReasonTooLong(uint256 length);
    error DisputeExpired(uint256 tournamentId);
    error NotClaimable(uint256 tournamentId);
    error NotAWinner(uint256 tournamentId, address player);

    /// @param token_ The FAR token.
    /// @param staking_ FARStaking; it pulls the stakers' share (this contract approves it once).
    /// @param treasury_ Receives the platform fee less the stakers' share.
    /// @param admin Gets DEFAULT_ADMIN_ROLE, OPERATOR_ROLE and TREASURER_ROLE.
    /// @param platformFeeBps_ At most MAX_PLATFORM_FEE_BPS.
    /// @param stakersShareBps_ At most BPS.
    constructor(
        IERC20 token_,
        IRevenueReceiver staking_,
        address treasury_,
        address admin,
        uint16 platformFeeBps_,
        uint16 stakersShareBps_
    ) EIP712("Far Labs TournamentPool", "1") {
        if (
            address(token_) == address(0) || address(staking_) == address(0) || treasury_ == address(0)
                || admin == address(0)
        ) revert ZeroAddress();
        token = token_;
        staking = staking_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        _grantRole(TREASURER_ROLE, admin);
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
        _setFees(platformFeeBps_, stakersShareBps_);
        // One unlimited approval: OZ ERC20 skips the allowance write for max, so each notify is cheap.
        token_.forceApprove(address(staking_), type(uint256).max);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Approves or revokes a game server's key. Revoking stops its signatures from posting results,
    ///         including for tournaments already created with it (a leaked key must stop working at once).
    /// @param server The address whose EIP-712 signatures (or ERC-1271 approvals) vouch for results.
    /// @param approved True to approve.
    function setGameServer(address server, bool approved) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (server == address(0)) revert ZeroAddress();
        isGameServer[server] = approved;
        emit GameServerUpdated(server, approved);
    }

    /// @notice Sets where the treasury's part of the platform fee goes.
    /// @param treasury_ Non-zero.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    /// @notice Sets the platform fee and the stakers' share of it for tournaments created from now on.
    /// @param platformFeeBps_ At most MAX_PLATFORM_FEE_BPS.
    /// @param stakersShareBps_ At most BPS.
    function setFees(uint16 platformFeeBps_, uint16 stakersShareBps_) external onlyRole(TREASURER_ROLE) {
        _setFees(platformFeeBps_, stakersShareBps_);
    }

    function _setFees(uint16 platformFeeBps_, uint16 stakersShareBps_) private {
        if (platformFeeBps_ > MAX_PLATFORM_FEE_BPS) revert FeeTooHigh(platformFeeBps_, MAX_PLATFORM_FEE_BPS);
        if (stakersShareBps_ > BPS) revert InvalidBps(stakersShareBps_);
        platformFeeBps = platformFeeBps_;
        stakersShareBps = stakersShareBps_;
        emit FeesUpdated(platformFeeBps_, stakersShareBps_);
    }

    // ---------------------------------------------------------------- shared

    /// @dev The tournament `id`, reverting for one never created.
    function _tournament(uint256 id) internal view returns (Tournament storage t) {
        t = _tournaments[id];
        if (t.status == Status.None) revert UnknownTournament(id);
    }

    /// @dev Every fee paid into the tournament.
    function _pool(Tournament storage t) internal view returns (uint256) {
        return uint256(t.entryFee) * t.entrants;
    }

    /// @dev Whether entrants may take their fee back now, and why (only meaningful when true).
    function _refundState(Tournament storage t) internal view returns (bool refundable, CancelReason reason) {
        if (t.status == Status.Cancelled) return (true, CancelReason.ByOrganiser);
        if (t.status == Status.Open && block.timestamp >= t.endTime) {
            if (t.entrants < t.minPlayers) return (true, CancelReason.TooFewPlayers);
            if (block.timestamp >= uint256(t.endTime) + RESULTS_DEADLINE) return (true, CancelReason.NoResults);
        }
        if (t.status == Status.Disputed && block.timestamp >= uint256(t.disputeEndsAt) + RESULTS_DEADLINE) {
            return (true, CancelReason.DisputeUnresolved);
        }
        return (false, CancelReason.ByOrganiser);
    }

    /// @dev Whether winners may claim: results posted and unchallenged through the dispute window.
    function _claimable(Tournament storage t) internal view returns (bool) {
        return t.status == Status.ResultsPosted && block.timestamp >= t.disputeEndsAt;
    }

    function _cancel(uint256 id, Tournament storage t, CancelReason reason) internal {
        t.status = Status.Cancelled;
        emit TournamentCancelled(id, reason);
    }
}
