// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";

/// @title InferencePayment
/// @notice Escrow and settlement for Far Inference. Users deposit FAR; each served task is split
///         between the GPU node (60% × a 90–110% performance adjustment), stakers (20%, streamed by
///         FARStaking) and the treasury (the remainder), so the three always add up to the charge.
///         Two settlement paths share the same balances:
///         - per task (the original API): `createTask` escrows an estimate, the oracle `completeTask`s it;
///         - batched: each user signs one EIP-712 spending authorization (cap, expiry), and the oracle
///           settles a whole period for many users and nodes in one `settleBatch` transaction.
///         Collectability: the coordinator serves requests against a user's live authorization before it
///         settles them, so no action of the user may make those charges uncollectable. Escrow leaves
///         the balance (withdraw, createTask) only while no authorization is live or scheduled, and an
///         authorization that lowers the cap or brings the expiry forward, like a revocation, binds only
///         `revocationGracePeriod` after it was accepted; until then the one it replaces stays settleable.
/// @dev Corrections against the original per-task contract: the charge is capped at the escrow, the score is clamped to
///      0..100, the split sums exactly, earnings are credited and pulled (not three transfers per
///      task), stuck tasks can be refunded, the Chainlink answer is checked, and every change emits.
contract InferencePayment is AccessControl, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    enum TaskStatus {
        None,
        Open,
        Completed,
        Refunded
    }

    struct Task {
        address user;
        uint40 createdAt;
        TaskStatus status;
        uint96 escrow;
        address node;
    }

    /// @dev One storage slot per user, so a batch debit costs one cold read and one write.
    ///      `allowance` is what is left of the signed cap.
    struct Account {
        uint96 balance;
        uint96 allowance;
        uint40 expiry;
        uint24 nonce;
    }

    /// @dev One storage slot per node, so a batch credit costs one cold read and one write.
    struct Node {
        uint96 credit;
        uint112 totalEarned;
        uint32 tasksCompleted;
        uint8 reliability;
        bool active;
    }

    /// @notice What a user signs (EIP-712) to let the coordinator debit up to `cap` until `expiry`.
    struct SpendingAuthorization {
        address user;
        uint256 cap;
        uint256 expiry;
        uint256 nonce;
    }

    struct SignedSpendingAuthorization {
        SpendingAuthorization authorization;
        bytes signature;
    }

    /// @dev A reducing authorization waiting for `effectiveAt`; its nonce is already consumed. Kept out of
    ///      the Account word so a debit reads it only once the live authorization has expired.
    struct ScheduledSpendingAuthorization {
        uint96 cap;
        uint40 expiry;
        uint40 effectiveAt;
        uint24 nonce;
    }

    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    bytes32 public constant SPENDING_AUTHORIZATION_TYPEHASH =
        keccak256("SpendingAuthorization(address user,uint256 cap,uint256 expiry,uint256 nonce)");

    uint256 public constant NODE_SHARE_PERCENT = 60;
    uint256 public constant STAKER_SHARE_PERCENT = 20;
    uint256 public constant BASE_SCORE = 80;
    uint256 public constant MAX_SCORE = 100;
    uint256 public constant MIN_ADJUSTMENT_PERCENT = 90;
    uint256 public constant MAX_ADJUSTMENT_PERCENT = 110;
    /// @notice Nodes can never receive more than 60% × 110% of what a batch debits.
    uint256 public constant MAX_NODE_SHARE_BPS = 6_600;
    uint256 public constant INITIAL_RELIABILITY = 80;
    uint256 public constant MAX_REVOCATION_GRACE_PERIOD = 7 days;

    uint256 private constant UINT40_MASK = type(uint40).max;
    uint256 private constant UINT96_MASK = type(uint96).max;
    uint256 private constant UINT112_MASK = type(uint112).max;

    IERC20 public immutable token;
    IRevenueReceiver public immutable staking;

    AggregatorV3Interface public priceFeed;
    address public treasury;
    /// @notice A Chainlink answer older than this is rejected by `getLatestPrice`.
    uint256 public maxPriceAge;
    /// @notice An open task older than this can be refunded to its user.
    uint256 public taskTimeout;
    /// @notice After a user revokes or reduces their spending authorization, the coordinator has this
    ///         long to settle what was already served; withdrawals and the reduction wait for it.
    uint256 public revocationGracePeriod;

    /// @dev The three per-contract counters every settlement touches, packed in one slot (one cold
    ///      read and one write per batch or task instead of three). Read through the getters below.
    struct Ledger {
        uint64 nextBatchId;
        uint96 treasuryBalance;
        uint96 pendingStakerRevenue;
    }

    Ledger private _ledger = Ledger({nextBatchId: 1, treasuryBalance: 0, pendingStakerRevenue: 0});

    mapping(bytes32 taskId => Task) public tasks;
    mapping(address node => Node) public nodes;
    mapping(address user => Account) private _accounts;
    mapping(address user => ScheduledSpendingAuthorization) private _scheduled;

    event Deposited(address indexed user, uint256 amount, uint256 balance);
    event Withdrawn(address indexed user, uint256 amount, uint256 balance);
    event TaskCreated(bytes32 indexed taskId, address indexed user, uint256 amount);
    event TaskCompleted(
        bytes32 indexed taskId,
        address indexed node,
        uint256 charged,
        uint256 nodePayment,
        uint256 stakersShare,
        uint256 treasuryShare,
        uint256 refund,
        uint256 performanceScore
    );
    event TaskRefunded(bytes32 indexed taskId, address indexed user, uint256 amount);
    event NodeRegistered(address indexed node, address indexed owner);
    event NodeDeactivated(address indexed node);
    event NodeRatingUpdated(address indexed node, uint256 newRating);
    event EarningsWithdrawn(address indexed node, uint256 amount);
    event TreasuryWithdrawn(address indexed treasury, uint256 amount);
    event StakerRevenueFlushed(uint256 amount);
    event SpendingAuthorized(address indexed user, uint256 cap, uint256 expiry, uint256 nonce);
    event SpendingAuthorizationRevoked(address indexed user, uint256 effectiveAt, uint256 nonce);
    /// @notice A reducing authorization was accepted: it binds from `effectiveAt`; the live one it replaces
    ///         stays settleable until then (its expiry is clamped to `effectiveAt - 1`).
    event SpendingAuthorizationScheduled(
        address indexed user, uint256 cap, uint256 expiry, uint256 nonce, uint256 effectiveAt
    );
    /// @notice A scheduled authorization reached `effectiveAt` and replaced the live one.
    event ScheduledSpendingAuthorizationApplied(address indexed user, uint256 cap, uint256 expiry, uint256 nonce);
    /// @notice A scheduled authorization was dropped before it took effect, by a revocation or by a newer
    ///         authorization that applied at once.
    event ScheduledSpendingAuthorizationCancelled(address indexed user, uint256 nonce);
    /// @notice `settleBatch` carried an authorization it could not accept; the rest of the batch went on.
    /// @param reason The selector of the error `acceptSpendingAuthorization` would have reverted with.
    event SpendingAuthorizationSkipped(address indexed user, uint256 nonce, bytes4 reason);
    /// @notice One event per batch. The per-user debits and per-node credits are not repeated here
    ///         (that would cost ~300 gas per entry): indexers decode them from the transaction's calldata
    ///         (`unpackSettlementEntry` in the TypeScript package) or read the balances.
    event BatchSettled(
        uint256 indexed batchId,
        uint256 totalDebited,
        uint256 nodesCredited,
        uint256 stakersShare,
        uint256 treasuryShare,
        uint256 debitCount,
        uint256 creditCount
    );
    event TreasuryUpdated(address oldTreasury, address newTreasury);
    event PriceFeedUpdated(address oldFeed, address newFeed);
    event MaxPriceAgeUpdated(uint256 oldAge, uint256 newAge);
    event TaskTimeoutUpdated(uint256 oldTimeout, uint256 newTimeout);
    event RevocationGracePeriodUpdated(uint256 oldPeriod, uint256 newPeriod);

    error ZeroAmount();
    error ZeroAddress();
    error InvalidDuration(uint256 duration);
    error InsufficientBalance(address user, uint256 requested, uint256 available);
    error TaskAlreadyExists(bytes32 taskId);
    error TaskNotOpen(bytes32 taskId, TaskStatus status);
    error TaskNotExpired(bytes32 taskId, uint256 refundableAt);
    error NodeNotActive(address node);
    error NodeAlreadyActive(address node);
    error InvalidRating(uint256 rating);
    error InsufficientCredit(address node, uint256 requested, uint256 available);
    error NothingToWithdraw();
    error SpendingAuthorizationActive(address user, uint256 expiry);
    error SpendingAuthorizationPending(address user, uint256 effectiveAt);
    error AuthorizationNonceTooLarge(address user, uint256 nonce);
    error AuthorizationNonceUsed(address user, uint256 nonce, uint256 currentNonce);
    error AuthorizationExpired(address user, uint256 expiry);
    error InvalidAuthorizationSignature(address user);
    error SpendingCapExceeded(address user, uint256 requested, uint256 allowance);
    error InvalidBatchId(uint256 expected, uint256 provided);
    error BatchUnbalanced(uint256 totalDebited, uint256 totalCredited);
    error NodeShareTooHigh(uint256 nodesCredited, uint256 totalDebited);
    error CreditOverflow(address node);
    error InvalidPrice(int256 answer);
    error StalePrice(uint256 updatedAt, uint256 maxAge);

    /// @param token_ The FAR token.
    /// @param staking_ FARStaking; it pulls the stakers' share (this contract approves it once).
    /// @param treasury_ Receives the treasury share.
    /// @param priceFeed_ Chainlink FAR/USD aggregator (or AdminPriceFeed on local/testnet).
    /// @param admin Gets DEFAULT_ADMIN_ROLE and ORACLE_ROLE (grant ORACLE to the coordinator).
    /// @param maxPriceAge_ Staleness bound for the feed, in seconds.
    /// @param taskTimeout_ Seconds after which an open task may be refunded.
    constructor(
        IERC20 token_,
        IRevenueReceiver staking_,
        address treasury_,
        AggregatorV3Interface priceFeed_,
        address admin,
        uint256 maxPriceAge_,
        uint256 taskTimeout_
    ) EIP712("Far Labs InferencePayment", "1") {
        if (
            address(token_) == address(0) || address(staking_) == address(0) || treasury_ == address(0)
                || address(priceFeed_) == address(0) || admin == address(0)
        ) revert ZeroAddress();
        if (maxPriceAge_ == 0) revert InvalidDuration(maxPriceAge_);
        if (taskTimeout_ == 0) revert InvalidDuration(taskTimeout_);
        token = token_;
        staking = staking_;
        treasury = treasury_;
        priceFeed = priceFeed_;
        maxPriceAge = maxPriceAge_;
        taskTimeout = taskTimeout_;
        revocationGracePeriod = 1 hours;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ORACLE_ROLE, admin);
        // One unlimited approval: OZ ERC20 skips the allowance write for max, so each notify is cheap.
        token_.forceApprove(address(staking_), type(uint256).max);
    }

    // ---------------------------------------------------------------- user balances

    /// @notice Deposits FAR into the caller's escrow balance (approve first).
    function deposit(uint256 amount) external nonReentrant {
        _deposit(amount);
    }

    /// @notice `deposit` with an EIP-2612 permit instead of a prior approve.
    /// @dev The permit is tried, not required: if someone front-ran it, the allowance is already there.
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _deposit(amount);
    }

    /// @notice Withdraws unreserved escrow. Blocked while a spending authorization is live or scheduled,
    ///         since the coordinator may have served requests against it that are not settled yet: revoke
    ///         first and wait for the grace period.
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Account memory account = _releasableAccount(msg.sender);
        if (amount > account.balance) revert InsufficientBalance(msg.sender, amount, account.balance);
        account.balance -= uint96(amount);
        _accounts[msg.sender] = account;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount, account.balance);
    }

    /// @notice A user's escrow balance not locked in open tasks (the original contract's getter).
    function userBalances(address user) external view returns (uint256) {
        return _accounts[user].balance;
    }

    /// @notice Id the next `settleBatch` must carry (batches are sequential: a replay fails).
    function nextBatchId() external view returns (uint256) {
        return _ledger.nextBatchId;
    }

    /// @notice Treasury's credited share, pulled by `withdrawTreasury`.
    function treasuryBalance() external view returns (uint256) {
        return _ledger.treasuryBalance;
    }

    /// @notice Stakers' share from `completeTask`s not yet handed to FARStaking.
    function pendingStakerRevenue() external view returns (uint256) {
        return _ledger.pendingStakerRevenue;
    }

    /// @notice The spending authorization a debit would see right now (a scheduled one counts once it
    ///         took effect): what is left of the cap, its expiry, and the highest nonce used so far.
    function spendingAuthorizationOf(address user)
        external
        view
        returns (uint256 allowance, uint256 expiry, uint256 nonce)
    {
        Account memory account = _accounts[user];
        ScheduledSpendingAuthorization memory scheduled = _scheduled[user];
        if (_isDue(scheduled)) return (scheduled.cap, scheduled.expiry, account.nonce);
        return (account.allowance, account.expiry, account.nonce);
    }

    /// @notice A reducing authorization that has not taken effect yet (all zero if there is none): its
    ///         cap, expiry, the moment it replaces the live one, and its (already consumed) nonce.
    function scheduledSpendingAuthorizationOf(address user)
        external
        view
        returns (uint256 cap, uint256 expiry, uint256 effectiveAt, uint256 nonce)
    {
        ScheduledSpendingAuthorization memory scheduled = _scheduled[user];
        if (scheduled.effectiveAt <= block.timestamp) return (0, 0, 0, 0);
        return (scheduled.cap, scheduled.expiry, scheduled.effectiveAt, scheduled.nonce);
    }

    // ---------------------------------------------------------------- per-task path

    /// @notice Escrows `estimatedCost` from the caller's balance for a task the coordinator will serve.
    ///         Like `withdraw`, blocked while a spending authorization is live or scheduled: escrow moved
    ///         into a task (and refunded after the timeout) would be out of reach of the batch debits.
    function createTask(bytes32 taskId, uint256 estimatedCost) external nonReentrant {
        if (estimatedCost == 0) revert ZeroAmount();
        if (tasks[taskId].status != TaskStatus.None) revert TaskAlreadyExists(taskId);
        Account memory account = _releasableAccount(msg.sender);
        uint256 available = account.balance;
        if (estimatedCost > available) revert InsufficientBalance(msg.sender, estimatedCost, available);
        account.balance = uint96(available - estimatedCost);
        _accounts[msg.sender] = account;
        tasks[taskId] = Task({
            user: msg.sender,
            createdAt: uint40(block.timestamp),
            status: TaskStatus.Open,
            escrow: uint96(estimatedCost),
            node: address(0)
        });
        emit TaskCreated(taskId, msg.sender, estimatedCost);
    }

    /// @notice Charges a served task: min(actualCost, escrow) is split between node, stakers and
    ///         treasury; the rest of the escrow returns to the user's balance.
    /// @param performanceScore Clamped to 0..100; 80 is neutral, each point is ±0.5% of the node share.
    function completeTask(bytes32 taskId, address node, uint256 actualCost, uint256 performanceScore)
        external
        onlyRole(ORACLE_ROLE)
        nonReentrant
    {
        Task storage task = tasks[taskId];
        if (task.status != TaskStatus.Open) revert TaskNotOpen(taskId, task.status);
        Node storage nodeInfo = nodes[node];
        if (!nodeInfo.active) revert NodeNotActive(node);

        uint256 escrow = task.escrow;
        uint256 charged = actualCost < escrow ? actualCost : escrow;
        uint256 score = performanceScore > MAX_SCORE ? MAX_SCORE : performanceScore;
        (uint256 nodePayment, uint256 stakersShare, uint256 treasuryShare) = splitRevenue(charged, score);

        task.status = TaskStatus.Completed;
        task.node = node;
        uint256 refund = escrow - charged;
        address user = task.user;
        if (refund != 0) _accounts[user].balance += uint96(refund);

        nodeInfo.credit += uint96(nodePayment);
        nodeInfo.totalEarned += uint112(nodePayment);
        nodeInfo.tasksCompleted += 1;
        nodeInfo.reliability = uint8((score + nodeInfo.reliability) / 2);
        _bookTaskShares(treasuryShare, stakersShare);

        emit TaskCompleted(taskId, node, charged, nodePayment, stakersShare, treasuryShare, refund, score);
    }

    /// @notice Returns an open task's escrow to its user once `taskTimeout` has passed. Anyone may call.
    function refundTask(bytes32 taskId) external nonReentrant {
        Task storage task = tasks[taskId];
        if (task.status != TaskStatus.Open) revert TaskNotOpen(taskId, task.status);
        uint256 refundableAt = uint256(task.createdAt) + taskTimeout;
        if (block.timestamp < refundableAt) revert TaskNotExpired(taskId, refundableAt);
        task.status = TaskStatus.Refunded;
        uint256 escrow = task.escrow;
        address user = task.user;
        _accounts[user].balance += uint96(escrow);
        emit TaskRefunded(taskId, user, escrow);
    }

    /// @notice The 60/20/remainder split in integer wei; the TypeScript `splitRevenue` mirrors it.
    /// @param actualCost FAR wei charged.
    /// @param performanceScore Clamped to 0..100.
    /// @return nodePayment actual × 60% × adjustment, adjustment = 100 + (score − 80) / 2 within [90, 110] percent.
    /// @return stakersShare actual × 20%.
    /// @return treasuryShare actual − node − stakers.
    function splitRevenue(uint256 actualCost, uint256 performanceScore)
        public
        pure
        returns (uint256 nodePayment, uint256 stakersShare, uint256 treasuryShare)
    {
        uint256 score = performanceScore > MAX_SCORE ? MAX_SCORE : performanceScore;
        uint256 adjustment;
        if (score >= BASE_SCORE) {
            adjustment = 100 + (score - BASE_SCORE) / 2;
        } else {
            uint256 penalty = (BASE_SCORE - score) / 2;
            adjustment = penalty >= 100 - MIN_ADJUSTMENT_PERCENT ? MIN_ADJUSTMENT_PERCENT : 100 - penalty;
        }
        if (adjustment > MAX_ADJUSTMENT_PERCENT) adjustment = MAX_ADJUSTMENT_PERCENT;
        nodePayment = Math.mulDiv(actualCost, NODE_SHARE_PERCENT * adjustment, 10_000);
        stakersShare = Math.mulDiv(actualCost, STAKER_SHARE_PERCENT, 100);
        treasuryShare = actualCost - nodePayment - stakersShare;
    }

    // ---------------------------------------------------------------- batched path

    /// @notice Stores a user's signed spending authorization (also done inside `settleBatch`).
    ///         Anyone may submit it; the signature is what counts. One that lowers nothing (cap ≥ what is
    ///         left of the live allowance and expiry ≥ the live expiry), or that replaces no live one,
    ///         applies at once and cancels any scheduled one. One that lowers either is scheduled: it binds
    ///         `revocationGracePeriod` from now (replacing any scheduled one, so the clock restarts), and
    ///         the live one stays settleable until then. Either way its nonce is consumed now.
    function acceptSpendingAuthorization(SpendingAuthorization calldata authorization, bytes calldata signature)
        external
    {
        address user = authorization.user;
        bytes4 failure = _spendingAuthorizationFailure(authorization, signature);
        if (failure == AuthorizationNonceUsed.selector) {
            revert AuthorizationNonceUsed(user, authorization.nonce, _accounts[user].nonce);
        }
        if (failure == AuthorizationNonceTooLarge.selector) revert AuthorizationNonceTooLarge(user, authorization.nonce);
        if (failure == AuthorizationExpired.selector) revert AuthorizationExpired(user, authorization.expiry);
        if (failure == InvalidAuthorizationSignature.selector) revert InvalidAuthorizationSignature(user);
        _storeSpendingAuthorization(authorization);
    }

    /// @notice Ends the caller's authorization after `revocationGracePeriod` (so what was already
    ///         served can still be settled), cancels any scheduled one, and invalidates signed
    ///         authorizations up to `invalidateThroughNonce`.
    function revokeSpendingAuthorization(uint256 invalidateThroughNonce) external {
        (Account memory account, bool scheduled) = _applyDueSchedule(msg.sender);
        if (scheduled) _cancelSchedule(msg.sender);
        uint256 effectiveAt = block.timestamp + revocationGracePeriod;
        if (account.expiry > effectiveAt) account.expiry = uint40(effectiveAt);
        if (invalidateThroughNonce > account.nonce) account.nonce = SafeCast.toUint24(invalidateThroughNonce);
        _accounts[msg.sender] = account;
        emit SpendingAuthorizationRevoked(msg.sender, account.expiry, account.nonce);
    }

    /// @notice The EIP-712 digest a user signs for `authorization`.
    function hashSpendingAuthorization(SpendingAuthorization calldata authorization) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    SPENDING_AUTHORIZATION_TYPEHASH,
                    authorization.user,
                    authorization.cap,
                    authorization.expiry,
                    authorization.nonce
                )
            )
        );
    }

    /// @notice Settles a period in one transaction: debits users' escrow (each bounded by their signed
    ///         cap), credits nodes, books the treasury share and notifies the stakers' share once.
    ///         A carried authorization that cannot be accepted (nonce used, expired, bad signature) is
    ///         skipped with `SpendingAuthorizationSkipped`, so a user who front-runs the batch with another
    ///         authorization cannot make it revert. A debit that cannot be collected still reverts, with an
    ///         error naming the user, so the coordinator can leave that user out and resend.
    /// @param batchId Must equal `nextBatchId`; replaying a settled batch fails.
    /// @param debits Packed `uint256(uint160(user)) << 96 | amount` entries (amount < 2**96).
    /// @param credits Packed `uint256(uint160(node)) << 96 | amount` entries for active nodes.
    /// @param stakersShare FAR to stream to stakers (plus any pending per-task share).
    /// @param treasuryShare FAR credited to the treasury.
    /// @param authorizations New signed authorizations to store before debiting (empty once stored);
    ///        each is treated as by `acceptSpendingAuthorization`, a reducing one is scheduled.
    function settleBatch(
        uint256 batchId,
        uint256[] calldata debits,
        uint256[] calldata credits,
        uint256 stakersShare,
        uint256 treasuryShare,
        SignedSpendingAuthorization[] calldata authorizations
    ) external onlyRole(ORACLE_ROLE) nonReentrant {
        // Checked first so a replayed batch fails as a replay, before touching its authorizations.
        uint256 expectedId = _ledger.nextBatchId;
        if (batchId != expectedId) revert InvalidBatchId(expectedId, batchId);
        for (uint256 i; i < authorizations.length; ++i) {
            SpendingAuthorization calldata authorization = authorizations[i].authorization;
            bytes4 failure = _spendingAuthorizationFailure(authorization, authorizations[i].signature);
            if (failure == bytes4(0)) {
                _storeSpendingAuthorization(authorization);
            } else {
                emit SpendingAuthorizationSkipped(authorization.user, authorization.nonce, failure);
            }
        }
        _settle(batchId, debits, credits, stakersShare, treasuryShare);
    }

    // ---------------------------------------------------------------- nodes, treasury, stakers

    /// @notice Registers (or reactivates) a GPU node's payout address with the base reliability of 80.
    function registerNode(address node) external onlyRole(ORACLE_ROLE) {
        if (node == address(0)) revert ZeroAddress();
        Node storage nodeInfo = nodes[node];
        if (nodeInfo.active) revert NodeAlreadyActive(node);
        nodeInfo.active = true;
        nodeInfo.reliability = uint8(INITIAL_RELIABILITY);
        emit NodeRegistered(node, node);
    }

    /// @notice Suspends a node: it gets no new credits; what it earned stays withdrawable.
    function deactivateNode(address node) external onlyRole(ORACLE_ROLE) {
        Node storage nodeInfo = nodes[node];
        if (!nodeInfo.active) revert NodeNotActive(node);
        nodeInfo.active = false;
        emit NodeDeactivated(node);
    }

    /// @notice Sets an active node's reliability rating (0..100).
    function updateNodeRating(address node, uint256 newRating) external onlyRole(ORACLE_ROLE) {
        Node storage nodeInfo = nodes[node];
        if (!nodeInfo.active) revert NodeNotActive(node);
        if (newRating > MAX_SCORE) revert InvalidRating(newRating);
        nodeInfo.reliability = uint8(newRating);
        emit NodeRatingUpdated(node, newRating);
    }

    /// @notice A node pulls `amount` of its credited earnings.
    function withdrawEarnings(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Node storage nodeInfo = nodes[msg.sender];
        uint256 available = nodeInfo.credit;
        if (amount > available) revert InsufficientCredit(msg.sender, amount, available);
        nodeInfo.credit = uint96(available - amount);
        token.safeTransfer(msg.sender, amount);
        emit EarningsWithdrawn(msg.sender, amount);
    }

    /// @notice Sends the credited treasury share to `treasury`. Anyone may trigger it.
    function withdrawTreasury() external nonReentrant {
        uint256 amount = _ledger.treasuryBalance;
        if (amount == 0) revert NothingToWithdraw();
        _ledger.treasuryBalance = 0;
        address to = treasury;
        token.safeTransfer(to, amount);
        emit TreasuryWithdrawn(to, amount);
    }

    /// @notice Hands the stakers' share accumulated by `completeTask` to FARStaking. Anyone may trigger it.
    function flushStakerRevenue() external nonReentrant {
        uint256 amount = _ledger.pendingStakerRevenue;
        if (amount == 0) revert NothingToWithdraw();
        _ledger.pendingStakerRevenue = 0;
        staking.notifyRevenue(amount);
        emit StakerRevenueFlushed(amount);
    }

    // ---------------------------------------------------------------- price

    /// @notice The FAR/USD answer (the feed's decimals, 8 for Chainlink USD pairs), rejecting
    ///         non-positive, incomplete or stale rounds.
    function getLatestPrice() external view returns (uint256) {
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = priceFeed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        if (updatedAt == 0 || answeredInRound < roundId) revert StalePrice(updatedAt, maxPriceAge);
        if (updatedAt < block.timestamp && block.timestamp - updatedAt > maxPriceAge) {
            revert StalePrice(updatedAt, maxPriceAge);
        }
        return uint256(answer);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Changes where the treasury share goes (already credited share included).
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryUpdated(treasury, newTreasury);
        treasury = newTreasury;
    }

    /// @notice Points at another FAR/USD aggregator.
    function setPriceFeed(AggregatorV3Interface newFeed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(newFeed) == address(0)) revert ZeroAddress();
        emit PriceFeedUpdated(address(priceFeed), address(newFeed));
        priceFeed = newFeed;
    }

    /// @notice Sets the staleness bound for `getLatestPrice`.
    function setMaxPriceAge(uint256 newAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newAge == 0) revert InvalidDuration(newAge);
        emit MaxPriceAgeUpdated(maxPriceAge, newAge);
        maxPriceAge = newAge;
    }

    /// @notice Sets how long an open task waits before it can be refunded.
    function setTaskTimeout(uint256 newTimeout) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTimeout == 0) revert InvalidDuration(newTimeout);
        emit TaskTimeoutUpdated(taskTimeout, newTimeout);
        taskTimeout = newTimeout;
    }

    /// @notice Sets how long a revoked authorization stays settleable (at most 7 days).
    function setRevocationGracePeriod(uint256 newPeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newPeriod > MAX_REVOCATION_GRACE_PERIOD) revert InvalidDuration(newPeriod);
        emit RevocationGracePeriodUpdated(revocationGracePeriod, newPeriod);
        revocationGracePeriod = newPeriod;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Split out of settleBatch to stay within the legacy code generator's stack limit.
    function _settle(
        uint256 batchId,
        uint256[] calldata debits,
        uint256[] calldata credits,
        uint256 stakersShare,
        uint256 treasuryShare
    ) private {
        uint256 totalDebited = _debitUsers(debits);
        uint256 nodesCredited = _creditNodes(credits);
        _bookBatchShares(batchId, totalDebited, nodesCredited, stakersShare, treasuryShare);
        emit BatchSettled(
            batchId, totalDebited, nodesCredited, stakersShare, treasuryShare, debits.length, credits.length
        );
    }

    function _bookTaskShares(uint256 treasuryShare, uint256 stakersShare) private {
        Ledger memory ledger = _ledger;
        // Shares of an escrow that fits uint96, so the casts cannot truncate.
        ledger.treasuryBalance += uint96(treasuryShare);
        ledger.pendingStakerRevenue += uint96(stakersShare);
        _ledger = ledger;
    }

    function _bookBatchShares(
        uint256 batchId,
        uint256 totalDebited,
        uint256 nodesCredited,
        uint256 stakersShare,
        uint256 treasuryShare
    ) private {
        if (totalDebited != nodesCredited + stakersShare + treasuryShare) {
            revert BatchUnbalanced(totalDebited, nodesCredited + stakersShare + treasuryShare);
        }
        if (nodesCredited * 10_000 > totalDebited * MAX_NODE_SHARE_BPS) {
            revert NodeShareTooHigh(nodesCredited, totalDebited);
        }
        Ledger memory ledger = _ledger;
        ledger.nextBatchId = uint64(batchId + 1);
        // totalDebited is backed by escrow (≤ total supply < 2**96), so these casts cannot truncate.
        ledger.treasuryBalance += uint96(treasuryShare);
        uint256 toStakers = stakersShare + ledger.pendingStakerRevenue;
        ledger.pendingStakerRevenue = 0;
        _ledger = ledger;
        if (toStakers != 0) staking.notifyRevenue(toStakers);
    }

    /// @dev Hot loop of settleBatch, on the packed Account word directly (balance bits 0–95, allowance
    ///      96–191, expiry 192–231): one SLOAD and one SSTORE per user, no struct copies. A scheduled
    ///      authorization is looked at only once the live one has expired: scheduling clamps the live
    ///      expiry to just before `effectiveAt`, so an unexpired word never has a due schedule behind it.
    function _debitUsers(uint256[] calldata debits) private returns (uint256 totalDebited) {
        uint256 count = debits.length;
        for (uint256 i; i < count;) {
            uint256 entry = debits[i];
            address user = address(uint160(entry >> 96));
            uint256 amount = entry & UINT96_MASK;
            bytes32 slot = _accountSlot(user);
            uint256 word;
            assembly ("memory-safe") {
                word := sload(slot)
            }
            if (((word >> 192) & UINT40_MASK) < block.timestamp) word = _debitWordAfterExpiry(user, word);
            uint256 allowance = (word >> 96) & UINT96_MASK;
            if (amount > allowance) revert SpendingCapExceeded(user, amount, allowance);
            uint256 balance = word & UINT96_MASK;
            if (amount > balance) revert InsufficientBalance(user, amount, balance);
            // Both fields were just checked to hold at least `amount`, so neither subtraction borrows.
            unchecked {
                word -= amount + (amount << 96);
                totalDebited += amount;
                ++i;
            }
            assembly ("memory-safe") {
                sstore(slot, word)
            }
        }
    }

    /// @dev Same for the packed Node word (credit bits 0–95, totalEarned 96–207, active bit 248).
    function _creditNodes(uint256[] calldata credits) private returns (uint256 nodesCredited) {
        uint256 count = credits.length;
        for (uint256 i; i < count;) {
            uint256 entry = credits[i];
            address node = address(uint160(entry >> 96));
            uint256 amount = entry & UINT96_MASK;
            bytes32 slot = _nodeSlot(node);
            uint256 word;
            assembly ("memory-safe") {
                word := sload(slot)
            }
            if (word >> 248 == 0) revert NodeNotActive(node);
            if ((word & UINT96_MASK) + amount > UINT96_MASK || ((word >> 96) & UINT112_MASK) + amount > UINT112_MASK) {
                revert CreditOverflow(node);
            }
            unchecked {
                word += amount + (amount << 96);
                nodesCredited += amount;
                ++i;
            }
            assembly ("memory-safe") {
                sstore(slot, word)
            }
        }
    }

    function _accountSlot(address user) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            mstore(0x00, user)
            mstore(0x20, _accounts.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _nodeSlot(address node) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            mstore(0x00, node)
            mstore(0x20, nodes.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _deposit(uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        Account storage account = _accounts[msg.sender];
        uint96 balance = account.balance + SafeCast.toUint96(amount);
        account.balance = balance;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(msg.sender, amount, balance);
    }

    /// @dev The rare path of `_debitUsers`: the live authorization in `word` has expired. A scheduled
    ///      one that is due takes its place (the balance and nonce bits are kept); otherwise the debit
    ///      fails, naming the user.
    function _debitWordAfterExpiry(address user, uint256 word) private returns (uint256) {
        ScheduledSpendingAuthorization memory scheduled = _scheduled[user];
        if (!_isDue(scheduled)) revert AuthorizationExpired(user, (word >> 192) & UINT40_MASK);
        if (scheduled.expiry < block.timestamp) revert AuthorizationExpired(user, scheduled.expiry);
        delete _scheduled[user];
        emit ScheduledSpendingAuthorizationApplied(user, scheduled.cap, scheduled.expiry, scheduled.nonce);
        uint256 kept = word & ~((UINT96_MASK << 96) | (UINT40_MASK << 192));
        return kept | (uint256(scheduled.cap) << 96) | (uint256(scheduled.expiry) << 192);
    }

    /// @dev The caller's account, after any due schedule, if its escrow may leave the balance: no
    ///      authorization is live (unspent and unexpired) and none is scheduled. The caller writes it back.
    function _releasableAccount(address user) private returns (Account memory account) {
        bool scheduled;
        (account, scheduled) = _applyDueSchedule(user);
        if (account.allowance != 0 && account.expiry >= block.timestamp) {
            revert SpendingAuthorizationActive(user, account.expiry);
        }
        if (scheduled) revert SpendingAuthorizationPending(user, _scheduled[user].effectiveAt);
    }

    /// @dev The user's account with a due scheduled authorization moved into it (the schedule slot is
    ///      cleared; the caller writes the account back), and whether one is still waiting.
    function _applyDueSchedule(address user) private returns (Account memory account, bool stillScheduled) {
        account = _accounts[user];
        ScheduledSpendingAuthorization memory scheduled = _scheduled[user];
        if (scheduled.effectiveAt == 0) return (account, false);
        if (scheduled.effectiveAt > block.timestamp) return (account, true);
        account.allowance = scheduled.cap;
        account.expiry = scheduled.expiry;
        delete _scheduled[user];
        emit ScheduledSpendingAuthorizationApplied(user, scheduled.cap, scheduled.expiry, scheduled.nonce);
        return (account, false);
    }

    function _cancelSchedule(address user) private {
        uint256 nonce = _scheduled[user].nonce;
        delete _scheduled[user];
        emit ScheduledSpendingAuthorizationCancelled(user, nonce);
    }

    function _isDue(ScheduledSpendingAuthorization memory scheduled) private view returns (bool) {
        return scheduled.effectiveAt != 0 && scheduled.effectiveAt <= block.timestamp;
    }

    /// @dev Why `authorization` cannot be accepted now, as the selector of the error that says so, or 0.
    ///      Returned rather than reverted so `settleBatch` can skip it and settle the rest.
    function _spendingAuthorizationFailure(SpendingAuthorization calldata authorization, bytes calldata signature)
        private
        view
        returns (bytes4)
    {
        address user = authorization.user;
        if (authorization.nonce <= _accounts[user].nonce) return AuthorizationNonceUsed.selector;
        if (authorization.nonce > type(uint24).max) return AuthorizationNonceTooLarge.selector;
        if (authorization.expiry <= block.timestamp) return AuthorizationExpired.selector;
        if (!SignatureChecker.isValidSignatureNow(user, hashSpendingAuthorization(authorization), signature)) {
            return InvalidAuthorizationSignature.selector;
        }
        return bytes4(0);
    }

    /// @dev Applies or schedules an authorization that passed `_spendingAuthorizationFailure`.
    function _storeSpendingAuthorization(SpendingAuthorization calldata authorization) private {
        address user = authorization.user;
        (Account memory account, bool scheduled) = _applyDueSchedule(user);
        // Caps and expiries beyond the packed widths mean "unlimited" in practice; clamp them.
        uint96 cap = uint96(Math.min(authorization.cap, type(uint96).max));
        uint40 expiry = uint40(Math.min(authorization.expiry, type(uint40).max));
        uint24 nonce = uint24(authorization.nonce);
        account.nonce = nonce;
        bool live = account.allowance != 0 && account.expiry >= block.timestamp;
        if (!live || (cap >= account.allowance && expiry >= account.expiry)) {
            account.allowance = cap;
            account.expiry = expiry;
            _accounts[user] = account;
            if (scheduled) _cancelSchedule(user);
            emit SpendingAuthorized(user, authorization.cap, authorization.expiry, authorization.nonce);
            return;
        }
        // A reduction: what the coordinator admitted against the live authorization stays collectable
        // for the grace period, exactly as after a revocation.
        uint256 effectiveAt = block.timestamp + revocationGracePeriod;
        if (account.expiry >= effectiveAt) account.expiry = uint40(effectiveAt - 1);
        _accounts[user] = account;
        _scheduled[user] = ScheduledSpendingAuthorization({
            cap: cap, expiry: expiry, effectiveAt: uint40(effectiveAt), nonce: nonce
        });
        emit SpendingAuthorizationScheduled(
            user, authorization.cap, authorization.expiry, authorization.nonce, effectiveAt
        );
    }
}
