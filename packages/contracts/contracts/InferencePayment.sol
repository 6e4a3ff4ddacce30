// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";
import {CreatorEarnings} from "./inferencePayment/CreatorEarnings.sol";
import {InferencePaymentBase} from "./inferencePayment/InferencePaymentBase.sol";
import {NodeRegistry} from "./inferencePayment/NodeRegistry.sol";
import {PriceFeedReader} from "./inferencePayment/PriceFeedReader.sol";
import {ShareLedger} from "./inferencePayment/ShareLedger.sol";
import {SpendingAuthorizations} from "./inferencePayment/SpendingAuthorizations.sol";

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
///      The parts live in contracts/inferencePayment/: SpendingAuthorizations (escrow, authorizations,
///      the debit loop), NodeRegistry (nodes, the credit loop), ShareLedger (treasury and stakers' shares,
///      batch ids), RevenueSplit (the 60/20/remainder split), PriceFeedReader (FAR/USD), CreatorEarnings
///      (creator fees on top of inference: creators' credits and the stakers' share of them). This contract
///      keeps what its ABI names by type (the per-task path, the signed authorization) and settleBatch,
///      which ties the parts together.
contract InferencePayment is SpendingAuthorizations, NodeRegistry, CreatorEarnings, ShareLedger, PriceFeedReader {
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

    /// @notice The creator-fee part of a batch (see `settleBatchWithCreatorFees`).
    /// @param credits Packed `uint256(uint160(creator)) << 96 | amount` entries; any non-zero creator.
    /// @param stakersShare The stakers' share of the fees, handed to `creatorFeeRevenueReceiver`.
    struct CreatorFees {
        uint256[] credits;
        uint256 stakersShare;
    }

    bytes32 public constant SPENDING_AUTHORIZATION_TYPEHASH =
        keccak256("SpendingAuthorization(address user,uint256 cap,uint256 expiry,uint256 nonce)");

    /// @notice An open task older than this can be refunded to its user.
    uint256 public taskTimeout;

    mapping(bytes32 taskId => Task) public tasks;

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
    /// @notice `settleBatch` carried an authorization it could not accept; the rest of the batch went on.
    /// @param reason The selector of the error `acceptSpendingAuthorization` would have reverted with.
    event SpendingAuthorizationSkipped(address indexed user, uint256 nonce, bytes4 reason);
    event TaskTimeoutUpdated(uint256 oldTimeout, uint256 newTimeout);
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

    error TaskAlreadyExists(bytes32 taskId);
    error TaskNotOpen(bytes32 taskId, TaskStatus status);
    error TaskNotExpired(bytes32 taskId, uint256 refundableAt);
    error InvalidBatchId(uint256 expected, uint256 provided);

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
    ) InferencePaymentBase(token_, staking_, admin) {
        if (treasury_ == address(0) || address(priceFeed_) == address(0)) revert ZeroAddress();
        if (maxPriceAge_ == 0) revert InvalidDuration(maxPriceAge_);
        if (taskTimeout_ == 0) revert InvalidDuration(taskTimeout_);
        treasury = treasury_;
        priceFeed = priceFeed_;
        maxPriceAge = maxPriceAge_;
        taskTimeout = taskTimeout_;
        revocationGracePeriod = 1 hours;
    }

    // ---------------------------------------------------------------- per-task path

    /// @notice Escrows `estimatedCost` from the caller's balance for a task the coordinator will serve.
    ///         Like `withdraw`, blocked while a spending authorization is live or scheduled: escrow moved
    ///         into a task (and refunded after the timeout) would be out of reach of the batch debits.
    function createTask(bytes32 taskId, uint256 estimatedCost) external whenNotPaused nonReentrant {
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
        whenNotPaused
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

    /// @notice Sets how long an open task waits before it can be refunded.
    function setTaskTimeout(uint256 newTimeout) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTimeout == 0) revert InvalidDuration(newTimeout);
        emit TaskTimeoutUpdated(taskTimeout, newTimeout);
        taskTimeout = newTimeout;
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
        _acceptBatchAuthorizations(batchId, authorizations);
        _settle(batchId, debits, credits, stakersShare, treasuryShare, 0);
    }

    /// @notice `settleBatch` for a period that also charged creator fees (FarTwin): the debits pay
    ///         nodes, stakers and treasury as there, plus each creator's credit and the stakers' share
    ///         of the fees, which goes to `creatorFeeRevenueReceiver` (FARStaking's `fartwin` source).
    ///         Debits must equal every credit and share together, to the wei; creators withdraw with
    ///         `withdrawCreatorEarnings`.
    /// @param creatorFees The creators' credits and the fees' stakers share (see `CreatorFees`).
    function settleBatchWithCreatorFees(
        uint256 batchId,
        uint256[] calldata debits,
        uint256[] calldata credits,
        uint256 stakersShare,
        uint256 treasuryShare,
        SignedSpendingAuthorization[] calldata authorizations,
        CreatorFees calldata creatorFees
    ) external onlyRole(ORACLE_ROLE) nonReentrant {
        _acceptBatchAuthorizations(batchId, authorizations);
        uint256 creatorsCredited = _creditCreators(creatorFees.credits);
        uint256 feeStakersShare = creatorFees.stakersShare;
        _settle(batchId, debits, credits, stakersShare, treasuryShare, creatorsCredited + feeStakersShare);
        _notifyCreatorFeeStakers(feeStakersShare);
        emit CreatorFeesSettled(batchId, creatorsCredited, feeStakersShare, creatorFees.credits.length);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Refuses while paused, checks the batch id (first, so a replayed batch fails as a replay, before
    ///      touching its authorizations), then stores or skips each carried authorization.
    function _acceptBatchAuthorizations(uint256 batchId, SignedSpendingAuthorization[] calldata authorizations)
        private
    {
        _requireNotPaused();
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
    }

    /// @dev Split out of settleBatch to stay within the legacy code generator's stack limit.
    ///      `creatorShares` (creator credits + their stakers' share) come out of the debits first; the
    ///      rest must split exactly into node credits, stakers and treasury.
    function _settle(
        uint256 batchId,
        uint256[] calldata debits,
        uint256[] calldata credits,
        uint256 stakersShare,
        uint256 treasuryShare,
        uint256 creatorShares
    ) private {
        uint256 totalDebited = _debitUsers(debits);
        uint256 nodesCredited = _creditNodes(credits);
        if (creatorShares > totalDebited) {
            revert BatchUnbalanced(totalDebited, creatorShares + nodesCredited + stakersShare + treasuryShare);
        }
        _bookBatchShares(batchId, totalDebited - creatorShares, nodesCredited, stakersShare, treasuryShare);
        emit BatchSettled(
            batchId, totalDebited, nodesCredited, stakersShare, treasuryShare, debits.length, credits.length
        );
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
