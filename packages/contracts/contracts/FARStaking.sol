// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";
import {LockTiers} from "./staking/LockTiers.sol";

/// @title FARStaking
/// @notice Stake FAR with a lock tier and earn two streams on the tier-weighted ("effective") balance:
///         a base APY (`rewardRate`, basis points) paid from a reserve someone funded, and the stakers'
///         share of service revenue, which each registered service contract (InferencePayment first)
///         notifies under its revenue source id and which is streamed over `revenueDuration` through one
///         Synthetix-style reward-per-token accumulator shared by all sources.
/// @dev Why it is built this way (docs/architecture.md, "Money path"):
///      - nothing is minted; the base APY stops accruing when the reserve is exhausted;
///      - every balance change settles rewards first, so a top-up never earns backdated rewards;
///      - while nothing is staked the revenue stream is paused, not lost;
///      - revenue is streamed, so staking just before a notification cannot skim it;
///      - pausing blocks new stakes only: unlocked funds can always be unstaked and rewards claimed.
///      Separated powers (OpenZeppelin AccessControl, role ids as in `FAR_ROLES`): the admin registers
///      revenue sources and grants roles, TREASURER_ROLE moves money (reward rate, revenue duration,
///      reserve withdrawal; held by a TimelockController in deployments), OPERATOR_ROLE pauses.
contract FARStaking is IRevenueReceiver, LockTiers, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice One deposit with its own lock. A user may hold any number of positions.
    struct Position {
        uint128 amount;
        uint64 unlockAt;
        uint8 lockTier;
    }

    /// @notice Reward bookkeeping per staker (sum over their positions).
    struct Account {
        uint256 effectiveBalance;
        uint256 rewardPerTokenPaid;
        uint256 rewards;
    }

    /// @notice Ceiling on the base rate: 10000 bps = 100% APY.
    uint256 public constant MAX_REWARD_RATE_BPS = 10_000;
    uint256 public constant MAX_REVENUE_DURATION = 365 days;
    /// @notice Sets the reward rate and revenue duration, withdraws unallocated reserve.
    bytes32 public constant TREASURER_ROLE = keccak256("TREASURER_ROLE");
    /// @notice Pauses and unpauses new stakes.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    uint256 private constant BPS = 10_000;
    uint256 private constant YEAR = 365 days;
    uint256 private constant PRECISION = 1e18;

    IERC20 public immutable token;

    /// @notice Base APY in basis points of the effective balance, paid from `rewardReserve`.
    uint256 public rewardRate;
    /// @notice Funded FAR not yet allocated to stakers; the base APY draws from it.
    uint256 public rewardReserve;
    /// @notice Notified revenue not yet streamed into the accumulator.
    uint256 public pendingRevenue;
    /// @notice When the current revenue stream ends (shifted forward while nothing is staked).
    uint256 public revenuePeriodFinish;
    /// @notice How long each notification's revenue (plus what is still pending) is streamed over.
    uint256 public revenueDuration;
    uint256 public lastUpdateTime;
    uint256 public rewardPerTokenStored;

    uint256 public totalStaked;
    uint256 public totalEffective;
    /// @notice Reserve funding (net of withdrawals) plus notified revenue: the most that can ever be paid.
    uint256 public totalRewardsFunded;
    uint256 public totalRewardsPaid;

    /// @notice Revenue ever notified, all sources together; the sum of `revenueBySource`.
    uint256 public totalRevenueNotified;

    /// @notice The revenue source a service contract notifies under; zero = not registered.
    mapping(address notifier => bytes32 sourceId) public revenueSourceOf;
    /// @notice Revenue ever notified per source (a service may register several contracts under one id).
    mapping(bytes32 sourceId => uint256) public revenueBySource;
    mapping(address user => Account) public accounts;
    mapping(address user => Position[]) private _positions;

    event Staked(
        address indexed user, uint256 indexed positionId, uint256 amount, uint8 lockTier, uint256 unlockAt, uint256 effective
    );
    event Unstaked(address indexed user, uint256 indexed positionId, uint256 amount, uint256 remaining);
    event RewardsClaimed(address indexed user, uint256 amount);
    event RewardRateUpdated(uint256 oldRate, uint256 newRate);
    event ReserveFunded(address indexed from, uint256 amount);
    event ReserveWithdrawn(address indexed to, uint256 amount);
    event RevenueNotified(
        bytes32 indexed sourceId, address indexed notifier, uint256 amount, uint256 pendingRevenue, uint256 periodFinish
    );
    event RevenueDurationUpdated(uint256 oldDuration, uint256 newDuration);
    /// @notice `sourceId` zero: the notifier was removed.
    event RevenueSourceUpdated(address indexed notifier, bytes32 indexed sourceId);

    error ZeroAmount();
    error ZeroAddress();
    error RewardRateTooHigh(uint256 rate, uint256 max);
    error InvalidRevenueDuration(uint256 duration);
    error PositionNotFound(address user, uint256 positionId);
    error StillLocked(uint256 positionId, uint256 unlockAt);
    error InsufficientStake(uint256 positionId, uint256 requested, uint256 staked);
    error NothingToClaim();
    error InsufficientReserve(uint256 requested, uint256 available);
    error NotRevenueSource(address caller);
    error ZeroSourceId();

    /// @param token_ The FAR token.
    /// @param admin Gets DEFAULT_ADMIN_ROLE, TREASURER_ROLE and OPERATOR_ROLE; the deploy scripts hand
    ///        each to its holder (the treasurer's to a timelock) and renounce them.
    /// @param rewardRateBps Initial base APY in basis points (deployments default to 100 = 1%).
    /// @param revenueDuration_ Streaming period for notified revenue (e.g. 7 days).
    constructor(IERC20 token_, address admin, uint256 rewardRateBps, uint256 revenueDuration_) {
        if (address(token_) == address(0) || admin == address(0)) revert ZeroAddress();
        if (rewardRateBps > MAX_REWARD_RATE_BPS) revert RewardRateTooHigh(rewardRateBps, MAX_REWARD_RATE_BPS);
        if (revenueDuration_ == 0 || revenueDuration_ > MAX_REVENUE_DURATION) {
            revert InvalidRevenueDuration(revenueDuration_);
        }
        token = token_;
        rewardRate = rewardRateBps;
        revenueDuration = revenueDuration_;
        lastUpdateTime = block.timestamp;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(TREASURER_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
    }

    // ---------------------------------------------------------------- staking

    /// @notice Stakes `amount` FAR in a new position locked for `lockTier`'s duration.
    /// @param amount FAR wei; the caller must have approved this contract.
    /// @param lockTier 0 none (1x), 1 30 days (1.1x), 2 90 days (1.25x), 3 180 days (1.5x), 4 365 days (2x).
    /// @return positionId Index of the new position in `positionsOf(msg.sender)`.
    function stake(uint256 amount, uint8 lockTier) external whenNotPaused nonReentrant returns (uint256 positionId) {
        return _stake(amount, lockTier);
    }

    /// @notice `stake` with an EIP-2612 permit instead of a prior approve.
    /// @dev The permit is tried, not required: if someone front-ran it, the allowance is already there.
    function stakeWithPermit(uint256 amount, uint8 lockTier, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        whenNotPaused
        nonReentrant
        returns (uint256 positionId)
    {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        return _stake(amount, lockTier);
    }

    /// @notice Withdraws `amount` from an unlocked position. Works while paused.
    /// @param positionId Index in `positionsOf(msg.sender)`.
    /// @param amount FAR wei, at most the position's amount.
    function unstake(uint256 positionId, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Position[] storage list = _positions[msg.sender];
        if (positionId >= list.length) revert PositionNotFound(msg.sender, positionId);
        Position storage position = list[positionId];
        uint256 staked = position.amount;
        if (amount > staked) revert InsufficientStake(positionId, amount, staked);
        if (block.timestamp < position.unlockAt) revert StillLocked(positionId, position.unlockAt);

        _updateReward(msg.sender);
        uint256 multiplier = lockTierMultiplierBps(position.lockTier);
        uint256 remaining = staked - amount;
        uint256 effectiveDrop = (staked * multiplier) / BPS - (remaining * multiplier) / BPS;
        position.amount = uint128(remaining);
        accounts[msg.sender].effectiveBalance -= effectiveDrop;
        totalEffective -= effectiveDrop;
        totalStaked -= amount;

        token.safeTransfer(msg.sender, amount);
        emit Unstaked(msg.sender, positionId, amount, remaining);
    }

    /// @notice Pays the caller's accrued rewards (base APY and revenue). Works while paused.
    /// @return amount FAR wei paid.
    function claimRewards() external nonReentrant returns (uint256 amount) {
        _updateReward(msg.sender);
        Account storage account = accounts[msg.sender];
        amount = account.rewards;
        if (amount == 0) revert NothingToClaim();
        account.rewards = 0;
        totalRewardsPaid += amount;
        token.safeTransfer(msg.sender, amount);
        emit RewardsClaimed(msg.sender, amount);
    }

    /// @notice Rewards `user` could claim now.
    function calculateRewards(address user) external view returns (uint256) {
        (uint256 rewardPerToken_,,,) = _accrualView();
        Account storage account = accounts[user];
        return account.rewards + (account.effectiveBalance * (rewardPerToken_ - account.rewardPerTokenPaid)) / PRECISION;
    }

    /// @notice The accumulator as of now (FAR wei per effective token, scaled by 1e18).
    function rewardPerToken() external view returns (uint256 value) {
        (value,,,) = _accrualView();
    }

    /// @notice All of `user`'s positions (withdrawn ones stay, with amount 0, so ids are stable).
    function positionsOf(address user) external view returns (Position[] memory) {
        return _positions[user];
    }

    /// @notice Number of positions `user` has opened.
    function positionCount(address user) external view returns (uint256) {
        return _positions[user].length;
    }

    // ---------------------------------------------------------------- funding

    /// @notice Adds FAR to the reserve the base APY is paid from. Anyone may fund it.
    /// @dev Accrues first, so time spent with an empty reserve is not paid retroactively.
    function fundReserve(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _accrue();
        rewardReserve += amount;
        totalRewardsFunded += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit ReserveFunded(msg.sender, amount);
    }

    /// @notice Takes back reserve that is not yet owed to stakers.
    function withdrawReserve(address to, uint256 amount) external onlyRole(TREASURER_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        _accrue();
        uint256 available = rewardReserve;
        if (amount > available) revert InsufficientReserve(amount, available);
        rewardReserve = available - amount;
        totalRewardsFunded -= amount;
        token.safeTransfer(to, amount);
        emit ReserveWithdrawn(to, amount);
    }

    /// @inheritdoc IRevenueReceiver
    /// @dev Synthetix semantics: what is still pending plus `amount` streams over a fresh `revenueDuration`.
    ///      Every source feeds the same accumulator; the source only decides which total is credited.
    function notifyRevenue(uint256 amount) external nonReentrant {
        bytes32 sourceId = revenueSourceOf[msg.sender];
        if (sourceId == bytes32(0)) revert NotRevenueSource(msg.sender);
        if (amount == 0) revert ZeroAmount();
        _accrue();
        uint256 pending = pendingRevenue + amount;
        pendingRevenue = pending;
        uint256 finish = block.timestamp + revenueDuration;
        revenuePeriodFinish = finish;
        totalRewardsFunded += amount;
        totalRevenueNotified += amount;
        revenueBySource[sourceId] += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit RevenueNotified(sourceId, msg.sender, amount, pending, finish);
    }

    // ---------------------------------------------------------------- roles

    /// @notice Sets the base APY (basis points, at most 10000). Time before the change accrues at the old rate.
    function setRewardRate(uint256 newRate) external onlyRole(TREASURER_ROLE) {
        if (newRate > MAX_REWARD_RATE_BPS) revert RewardRateTooHigh(newRate, MAX_REWARD_RATE_BPS);
        _accrue();
        emit RewardRateUpdated(rewardRate, newRate);
        rewardRate = newRate;
    }

    /// @notice Sets the streaming period used by future revenue notifications.
    function setRevenueDuration(uint256 newDuration) external onlyRole(TREASURER_ROLE) {
        if (newDuration == 0 || newDuration > MAX_REVENUE_DURATION) revert InvalidRevenueDuration(newDuration);
        emit RevenueDurationUpdated(revenueDuration, newDuration);
        revenueDuration = newDuration;
    }

    /// @notice Registers a service contract (InferencePayment, a game's shop...) to notify revenue under
    ///         `sourceId`, or moves it to another source. Revenue it notified before stays with its old source.
    /// @dev Restricted because each notification restarts the streaming period: an open notify would
    ///      let anyone stretch the stream with dust.
    /// @param notifier The service contract that will call `notifyRevenue`.
    /// @param sourceId The service's revenue source id (by convention its name as a left-aligned ASCII bytes32).
    function setRevenueSource(address notifier, bytes32 sourceId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (notifier == address(0)) revert ZeroAddress();
        if (sourceId == bytes32(0)) revert ZeroSourceId();
        revenueSourceOf[notifier] = sourceId;
        emit RevenueSourceUpdated(notifier, sourceId);
    }

    /// @notice Stops a service contract from notifying revenue; what it notified stays counted.
    /// @param notifier A registered service contract.
    function removeRevenueSource(address notifier) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (revenueSourceOf[notifier] == bytes32(0)) revert NotRevenueSource(notifier);
        delete revenueSourceOf[notifier];
        emit RevenueSourceUpdated(notifier, bytes32(0));
    }

    /// @notice Stops new stakes. Unstaking unlocked positions and claiming keep working.
    function pause() external onlyRole(OPERATOR_ROLE) {
        _pause();
    }

    /// @notice Re-allows staking.
    function unpause() external onlyRole(OPERATOR_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- internals

    function _stake(uint256 amount, uint8 lockTier) private returns (uint256 positionId) {
        if (amount == 0) revert ZeroAmount();
        uint256 lockDuration = lockTierDuration(lockTier);
        uint256 effective = (amount * lockTierMultiplierBps(lockTier)) / BPS;

        // Settle what the old balance earned before it changes: no backdating the top-up.
        _updateReward(msg.sender);
        Position[] storage list = _positions[msg.sender];
        positionId = list.length;
        uint256 unlockAt = block.timestamp + lockDuration;
        list.push(Position({amount: SafeCast.toUint128(amount), unlockAt: uint64(unlockAt), lockTier: lockTier}));
        accounts[msg.sender].effectiveBalance += effective;
        totalEffective += effective;
        totalStaked += amount;

        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Staked(msg.sender, positionId, amount, lockTier, unlockAt, effective);
    }

    function _updateReward(address user) private {
        _accrue();
        Account storage account = accounts[user];
        uint256 current = rewardPerTokenStored;
        account.rewards += (account.effectiveBalance * (current - account.rewardPerTokenPaid)) / PRECISION;
        account.rewardPerTokenPaid = current;
    }

    function _accrue() private {
        (uint256 rewardPerToken_, uint256 baseAllocated, uint256 revenueReleased, uint256 periodFinish) = _accrualView();
        rewardPerTokenStored = rewardPerToken_;
        if (baseAllocated != 0) rewardReserve -= baseAllocated;
        if (revenueReleased != 0) pendingRevenue -= revenueReleased;
        revenuePeriodFinish = periodFinish;
        lastUpdateTime = block.timestamp;
    }

    /// @dev What `_accrue` would write. The increment is rounded down and the amount taken from the
    ///      reserve or pending revenue for it is rounded *up* (`ceil(increment × effective / 1e18)`): each
    ///      staker's payout floors `effective × Σ increments`, which can exceed the sum of per-step floors
    ///      by a wei, so floor-allocating would slowly promise more than the contract holds.
    function _accrualView()
        private
        view
        returns (uint256 rewardPerToken_, uint256 baseAllocated, uint256 revenueReleased, uint256 periodFinish)
    {
        rewardPerToken_ = rewardPerTokenStored;
        periodFinish = revenuePeriodFinish;
        uint256 last = lastUpdateTime;
        uint256 nowTs = block.timestamp;
        if (nowTs <= last) return (rewardPerToken_, 0, 0, periodFinish);
        uint256 elapsed = nowTs - last;
        uint256 effective = totalEffective;

        if (effective == 0) {
            // Nobody to pay: pause the stream by pushing its end out, so the revenue waits for stakers.
            if (periodFinish > last) periodFinish += elapsed;
            return (rewardPerToken_, 0, 0, periodFinish);
        }

        uint256 reserve = rewardReserve;
        uint256 rate = rewardRate;
        if (rate != 0 && reserve != 0) {
            uint256 increment = (rate * elapsed * PRECISION) / (YEAR * BPS);
            baseAllocated = Math.mulDiv(increment, effective, PRECISION, Math.Rounding.Ceil);
            if (baseAllocated > reserve) {
                // increment × effective ≤ reserve × 1e18, so the rounded-up allocation still fits the reserve.
                increment = (reserve * PRECISION) / effective;
                baseAllocated = Math.mulDiv(increment, effective, PRECISION, Math.Rounding.Ceil);
            }
            rewardPerToken_ += increment;
        }

        uint256 pending = pendingRevenue;
        if (pending != 0) {
            uint256 releasable = nowTs >= periodFinish ? pending : (pending * elapsed) / (periodFinish - last);
            uint256 increment = (releasable * PRECISION) / effective;
            revenueReleased = Math.mulDiv(increment, effective, PRECISION, Math.Rounding.Ceil);
            rewardPerToken_ += increment;
        }
    }
}
