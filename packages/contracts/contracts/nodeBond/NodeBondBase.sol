// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title NodeBondBase
/// @notice What NodeBond's parts share: the FAR token, the treasury, the roles, the settings (minimum bond
///         per VRAM class, unbonding period, appeal window), the bond and slash records, errors and events.
abstract contract NodeBondBase is AccessControl, ReentrancyGuardTransient {
    /// @notice Sets the minimum bond per VRAM class and decides contested slashes.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice The coordinator: proposes slashes from failed audits, with their evidence hash.
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    /// @notice VRAM classes 0..5 (up to 8, 16, 24, 48, 80 GB, and more); the API maps a node's VRAM to one.
    uint8 public constant VRAM_CLASSES = 6;
    uint256 public constant MIN_UNBONDING_PERIOD = 1 hours;
    uint256 public constant MAX_UNBONDING_PERIOD = 90 days;
    uint256 public constant MIN_APPEAL_WINDOW = 1 hours;
    uint256 public constant MAX_APPEAL_WINDOW = 30 days;
    /// @notice A contested slash no operator decided within this long after its appeal window lapses in the
    ///         owner's favour: a silent operator must not lock a bond for ever.
    uint256 public constant DECISION_PERIOD = 14 days;
    /// @notice Most harmed users one slash refunds (bounds the execution loop).
    uint256 public constant MAX_REFUNDS = 32;
    /// @notice Longest contest reason, in bytes (it is only logged).
    uint256 public constant MAX_REASON_LENGTH = 280;

    /// @dev `amount` is everything held for the node, `unbonding` included; `pendingSlash` is the sum of
    ///      its open proposals, which no withdrawal may touch.
    struct Bond {
        uint128 amount;
        uint128 unbonding;
        uint128 pendingSlash;
        uint40 unbondableAt;
        uint8 vramClass;
    }

    /// @notice Proposed: executable by anyone once `appealEndsAt` passed. Contested: waits for an operator
    ///         (or lapses after DECISION_PERIOD). Executed / Dismissed: final.
    enum SlashStatus {
        None,
        Proposed,
        Contested,
        Executed,
        Dismissed
    }

    /// @dev Keyed by its evidence hash, so one piece of evidence slashes at most once.
    struct Slash {
        address owner;
        uint40 appealEndsAt;
        SlashStatus status;
        bytes32 nodeKey;
        uint128 amount;
        uint128 refundTotal;
    }

    /// @notice One harmed user's part of a slash.
    struct Refund {
        address user;
        uint128 amount;
    }

    IERC20 public immutable token;
    address public treasury;
    uint40 public unbondingPeriod;
    uint40 public appealWindow;
    /// @notice FAR refunds from executed slashes, claimable by each harmed user.
    mapping(address user => uint256 amount) public refundOf;
    uint256 public totalRefundsOwed;

    uint256[VRAM_CLASSES] internal _minimumBond;
    mapping(address owner => mapping(bytes32 nodeKey => Bond)) internal _bonds;
    mapping(bytes32 evidenceHash => Slash) internal _slashes;
    mapping(bytes32 evidenceHash => Refund[]) internal _refunds;

    event TreasuryUpdated(address indexed treasury);
    event MinimumBondUpdated(uint8 indexed vramClass, uint256 amount);
    event PeriodsUpdated(uint40 unbondingPeriod, uint40 appealWindow);
    event Bonded(address indexed owner, bytes32 indexed nodeKey, uint8 vramClass, uint256 amount, uint256 total);
    event UnbondRequested(address indexed owner, bytes32 indexed nodeKey, uint256 amount, uint40 unbondableAt);
    event Unbonded(address indexed owner, bytes32 indexed nodeKey, uint256 amount);
    event SlashProposed(
        bytes32 indexed evidenceHash,
        address indexed owner,
        bytes32 indexed nodeKey,
        uint256 amount,
        uint256 refundTotal,
        uint40 appealEndsAt
    );
    event SlashContested(bytes32 indexed evidenceHash, address indexed owner, string reason);
    event AppealDecided(bytes32 indexed evidenceHash, address indexed operator, bool upheld);
    event SlashLapsed(bytes32 indexed evidenceHash);
    event SlashExecuted(bytes32 indexed evidenceHash, uint256 toTreasury, uint256 toRefunds);
    event RefundClaimed(address indexed user, uint256 amount);

    error ZeroAddress();
    error ZeroAmount();
    error InvalidVramClass(uint8 vramClass);
    error InvalidPeriod(uint256 period);
    error BelowMinimum(uint256 bonded, uint256 minimum);
    error ExceedsBond(uint256 requested, uint256 available);
    error NothingUnbonding();
    error StillUnbonding(uint40 unbondableAt);
    error BondLockedBySlash(uint256 pendingSlash);
    error MissingEvidence();
    error EvidenceAlreadyUsed(bytes32 evidenceHash);
    error SlashExceedsBond(uint256 amount, uint256 slashable);
    error InvalidRefunds();
    error UnknownSlash(bytes32 evidenceHash);
    error WrongSlashStatus(bytes32 evidenceHash, SlashStatus status);
    error NotBondOwner(bytes32 evidenceHash, address caller);
    error AppealWindowClosed(bytes32 evidenceHash);
    error AppealWindowOpen(bytes32 evidenceHash, uint40 appealEndsAt);
    error DecisionPeriodOpen(bytes32 evidenceHash);
    error ReasonTooLong(uint256 length);
    error NothingToClaim();

    /// @param token_ The FAR token.
    /// @param treasury_ Receives each executed slash less its refunds.
    /// @param admin Gets DEFAULT_ADMIN_ROLE (grants OPERATOR_ROLE and ORACLE_ROLE, sets periods and treasury).
    /// @param unbondingPeriod_ Wait between an unbond request and its withdrawal.
    /// @param appealWindow_ Time an owner has to contest a proposed slash.
    /// @param minimums Minimum bond per VRAM class, in FAR wei.
    constructor(
        IERC20 token_,
        address treasury_,
        address admin,
        uint40 unbondingPeriod_,
        uint40 appealWindow_,
        uint256[VRAM_CLASSES] memory minimums
    ) {
        if (address(token_) == address(0) || treasury_ == address(0) || admin == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
        _setPeriods(unbondingPeriod_, appealWindow_);
        for (uint8 i = 0; i < VRAM_CLASSES; ++i) {
            _minimumBond[i] = minimums[i];
            emit MinimumBondUpdated(i, minimums[i]);
        }
    }

    // ---------------------------------------------------------------- settings

    /// @notice Sets the minimum bond a node claiming `vramClass` must keep bonded (new bonds and the API's
    ///         join check use it; existing bonds below it must top up before their node may join again).
    /// @param vramClass 0..VRAM_CLASSES-1.
    /// @param amount FAR wei.
    function setMinimumBond(uint8 vramClass, uint256 amount) external onlyRole(OPERATOR_ROLE) {
        if (vramClass >= VRAM_CLASSES) revert InvalidVramClass(vramClass);
        _minimumBond[vramClass] = amount;
        emit MinimumBondUpdated(vramClass, amount);
    }

    /// @notice Sets the unbonding period and the appeal window (each within its bounds). Requests and
    ///         proposals already made keep the times they were given.
    function setPeriods(uint40 unbondingPeriod_, uint40 appealWindow_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPeriods(unbondingPeriod_, appealWindow_);
    }

    /// @notice Sets where executed slashes (less refunds) go.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    // ---------------------------------------------------------------- views

    /// @notice The minimum bond for each VRAM class, class 0 first.
    function minimumBonds() external view returns (uint256[VRAM_CLASSES] memory) {
        return _minimumBond;
    }

    /// @notice `owner`'s bond for the node `nodeKey` (keccak256 of its node id).
    function bondOf(address owner, bytes32 nodeKey) external view returns (Bond memory) {
        return _bonds[owner][nodeKey];
    }

    /// @notice The slash proposed with `evidenceHash` (status None if never).
    function slashOf(bytes32 evidenceHash) external view returns (Slash memory) {
        return _slashes[evidenceHash];
    }

    /// @notice The harmed users a slash refunds and how much each.
    function refundsOf(bytes32 evidenceHash) external view returns (Refund[] memory) {
        return _refunds[evidenceHash];
    }

    function _setPeriods(uint40 unbondingPeriod_, uint40 appealWindow_) private {
        if (unbondingPeriod_ < MIN_UNBONDING_PERIOD || unbondingPeriod_ > MAX_UNBONDING_PERIOD) {
            revert InvalidPeriod(unbondingPeriod_);
        }
        if (appealWindow_ < MIN_APPEAL_WINDOW || appealWindow_ > MAX_APPEAL_WINDOW) {
            revert InvalidPeriod(appealWindow_);
        }
        unbondingPeriod = unbondingPeriod_;
        appealWindow = appealWindow_;
        emit PeriodsUpdated(unbondingPeriod_, appealWindow_);
    }
}
