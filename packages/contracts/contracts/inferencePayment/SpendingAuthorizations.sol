// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {InferencePaymentBase} from "./InferencePaymentBase.sol";

/// @title SpendingAuthorizations
/// @notice Users' escrow balances and the spending authorizations that bound what a batch may debit:
///         deposit and withdraw, a live authorization (what is left of the cap, expiry), a scheduled
///         reduction that binds `revocationGracePeriod` after it was accepted, and revocation.
/// @dev Escrow leaves the balance only while no authorization is live or scheduled, so nothing a user
///      does can make charges the coordinator already served against their authorization uncollectable.
///      The EIP-712 check of a signed authorization lives in InferencePayment, which declares its type.
abstract contract SpendingAuthorizations is InferencePaymentBase {
    using SafeERC20 for IERC20;

    /// @dev One storage slot per user, so a batch debit costs one cold read and one write.
    ///      `allowance` is what is left of the signed cap.
    struct Account {
        uint96 balance;
        uint96 allowance;
        uint40 expiry;
        uint24 nonce;
    }

    /// @dev A reducing authorization waiting for `effectiveAt`; its nonce is already consumed. Kept out of
    ///      the Account word so a debit reads it only once the live authorization has expired.
    struct ScheduledSpendingAuthorization {
        uint96 cap;
        uint40 expiry;
        uint40 effectiveAt;
        uint24 nonce;
    }

    uint256 public constant MAX_REVOCATION_GRACE_PERIOD = 7 days;

    /// @notice After a user revokes or reduces their spending authorization, the coordinator has this
    ///         long to settle what was already served; withdrawals and the reduction wait for it.
    uint256 public revocationGracePeriod;

    mapping(address user => Account) internal _accounts;
    mapping(address user => ScheduledSpendingAuthorization) internal _scheduled;

    event Deposited(address indexed user, uint256 amount, uint256 balance);
    event Withdrawn(address indexed user, uint256 amount, uint256 balance);
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
    event RevocationGracePeriodUpdated(uint256 oldPeriod, uint256 newPeriod);

    error SpendingAuthorizationActive(address user, uint256 expiry);
    error SpendingAuthorizationPending(address user, uint256 effectiveAt);
    error AuthorizationNonceTooLarge(address user, uint256 nonce);
    error AuthorizationNonceUsed(address user, uint256 nonce, uint256 currentNonce);
    error AuthorizationExpired(address user, uint256 expiry);
    error InvalidAuthorizationSignature(address user);
    error SpendingCapExceeded(address user, uint256 requested, uint256 allowance);

    /// @notice Deposits FAR into the caller's escrow balance (approve first). Refused while paused.
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

    /// @notice Sets how long a revoked authorization stays settleable (at most 7 days).
    function setRevocationGracePeriod(uint256 newPeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newPeriod > MAX_REVOCATION_GRACE_PERIOD) revert InvalidDuration(newPeriod);
        emit RevocationGracePeriodUpdated(revocationGracePeriod, newPeriod);
        revocationGracePeriod = newPeriod;
    }

    /// @dev Hot loop of settleBatch, on the packed Account word directly (balance bits 0–95, allowance
    ///      96–191, expiry 192–231): one SLOAD and one SSTORE per user, no struct copies. A scheduled
    ///      authorization is looked at only once the live one has expired: scheduling clamps the live
    ///      expiry to just before `effectiveAt`, so an unexpired word never has a due schedule behind it.
    function _debitUsers(uint256[] calldata debits) internal returns (uint256 totalDebited) {
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

    /// @dev The caller's account, after any due schedule, if its escrow may leave the balance: no
    ///      authorization is live (unspent and unexpired) and none is scheduled. The caller writes it back.
    function _releasableAccount(address user) internal returns (Account memory account) {
        bool scheduled;
        (account, scheduled) = _applyDueSchedule(user);
        if (account.allowance != 0 && account.expiry >= block.timestamp) {
            revert SpendingAuthorizationActive(user, account.expiry);
        }
        if (scheduled) revert SpendingAuthorizationPending(user, _scheduled[user].effectiveAt);
    }

    function _accountSlot(address user) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            mstore(0x00, user)
            mstore(0x20, _accounts.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _deposit(uint256 amount) private {
        _requireNotPaused();
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

    /// @dev The user's account with a due scheduled authorization moved into it (the schedule slot is
    ///      cleared; the caller writes the account back), and whether one is still waiting.
    function _applyDueSchedule(address user) internal returns (Account memory account, bool stillScheduled) {
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

    function _cancelSchedule(address user) internal {
        uint256 nonce = _scheduled[user].nonce;
        delete _scheduled[user];
        emit ScheduledSpendingAuthorizationCancelled(user, nonce);
    }

    function _isDue(ScheduledSpendingAuthorization memory scheduled) private view returns (bool) {
        return scheduled.effectiveAt != 0 && scheduled.effectiveAt <= block.timestamp;
    }
}
