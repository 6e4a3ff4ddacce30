// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {NodeBondBase} from "./nodeBond/NodeBondBase.sol";

/// @title NodeBond
/// @notice Far GPU De-Pin's node bonds. A node owner bonds FAR for a node (keyed by owner and
///         keccak256(node id)) claiming a VRAM class; the coordinator admits the node only while the bond
///         covers that class's minimum. Unbonding is a request, then a withdrawal after the unbonding period.
///         Proven cheating is slashed: the coordinator (ORACLE_ROLE) proposes a slash carrying the audit's
///         evidence hash, the owner may contest it within the appeal window, an operator decides a contested
///         one; an executed slash pays the harmed users' refunds (claimable here) and the rest to the treasury.
/// @dev Money invariant: token balance ≥ Σ bond amounts + totalRefundsOwed, and nothing but withdrawals,
///      refund claims and executed slashes (to the treasury) moves FAR out. A bond's pending slashes are
///      never withdrawable, so unbonding cannot dodge a proposal that is already on chain.
contract NodeBond is NodeBondBase {
    using SafeERC20 for IERC20;

    constructor(
        IERC20 token_,
        address treasury_,
        address admin,
        uint40 unbondingPeriod_,
        uint40 appealWindow_,
        uint256[VRAM_CLASSES] memory minimums
    ) NodeBondBase(token_, treasury_, admin, unbondingPeriod_, appealWindow_, minimums) {}

    // ---------------------------------------------------------------- owners

    /// @notice Bonds `amount` FAR (approved beforehand) for the caller's node `nodeKey`, claiming `vramClass`.
    ///         A top-up may change the claimed class; the bond left active must cover that class's minimum.
    /// @param nodeKey keccak256 of the node id the node joins with.
    /// @param vramClass The VRAM class the node claims (0..VRAM_CLASSES-1).
    /// @param amount FAR wei to add.
    function bond(bytes32 nodeKey, uint8 vramClass, uint128 amount) external nonReentrant {
        _bond(nodeKey, vramClass, amount);
    }

    /// @notice `bond` with an EIP-2612 permit instead of a prior approval. A permit already used (someone
    ///         front-ran it) is tolerated when the allowance is already there.
    function bondWithPermit(
        bytes32 nodeKey,
        uint8 vramClass,
        uint128 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        // A failed permit leaves the transfer to fail on the allowance, unless one was already given.
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _bond(nodeKey, vramClass, amount);
    }

    /// @notice Starts unbonding `amount` of the caller's bond for `nodeKey`; it stays slashable until withdrawn.
    ///         Each request restarts the unbonding period for everything unbonding.
    function requestUnbond(bytes32 nodeKey, uint128 amount) external {
        if (amount == 0) revert ZeroAmount();
        Bond storage b = _bonds[msg.sender][nodeKey];
        uint256 active = b.amount - b.unbonding;
        if (amount > active) revert ExceedsBond(amount, active);
        b.unbonding += amount;
        b.unbondableAt = uint40(block.timestamp + unbondingPeriod);
        emit UnbondRequested(msg.sender, nodeKey, amount, b.unbondableAt);
    }

    /// @notice Withdraws everything unbonding for `nodeKey` once the unbonding period has passed, unless what
    ///         would be left could not cover the node's pending slashes.
    /// @return amount The FAR paid to the caller.
    function withdrawUnbonded(bytes32 nodeKey) external nonReentrant returns (uint256 amount) {
        Bond storage b = _bonds[msg.sender][nodeKey];
        amount = b.unbonding;
        if (amount == 0) revert NothingUnbonding();
        if (block.timestamp < b.unbondableAt) revert StillUnbonding(b.unbondableAt);
        if (b.amount - amount < b.pendingSlash) revert BondLockedBySlash(b.pendingSlash);
        b.amount -= uint128(amount);
        b.unbonding = 0;
        b.unbondableAt = 0;
        token.safeTransfer(msg.sender, amount);
        emit Unbonded(msg.sender, nodeKey, amount);
    }

    /// @notice Contests a slash on the caller's bond within its appeal window; an operator then decides it.
    /// @param reason Why (logged only, at most MAX_REASON_LENGTH bytes).
    function contestSlash(bytes32 evidenceHash, string calldata reason) external {
        Slash storage s = _slash(evidenceHash);
        if (s.owner != msg.sender) revert NotBondOwner(evidenceHash, msg.sender);
        if (s.status != SlashStatus.Proposed) revert WrongSlashStatus(evidenceHash, s.status);
        if (block.timestamp >= s.appealEndsAt) revert AppealWindowClosed(evidenceHash);
        if (bytes(reason).length > MAX_REASON_LENGTH) revert ReasonTooLong(bytes(reason).length);
        s.status = SlashStatus.Contested;
        emit SlashContested(evidenceHash, msg.sender, reason);
    }

    /// @notice Pays the caller the refunds executed slashes credited to them.
    function claimRefund() external nonReentrant returns (uint256 amount) {
        amount = refundOf[msg.sender];
        if (amount == 0) revert NothingToClaim();
        refundOf[msg.sender] = 0;
        totalRefundsOwed -= amount;
        token.safeTransfer(msg.sender, amount);
        emit RefundClaimed(msg.sender, amount);
    }

    // ---------------------------------------------------------------- coordinator and operators

    /// @notice Proposes slashing `amount` of `owner`'s bond for `nodeKey` for the cheating `evidenceHash`
    ///         proves (keccak256 of the audit's canonical evidence JSON, kept by the coordinator). `refunds`
    ///         go to the harmed users, the rest to the treasury, once the slash executes.
    /// @param users Harmed users (at most MAX_REFUNDS), paired with `amounts`; Σ amounts ≤ `amount`.
    function proposeSlash(
        address owner,
        bytes32 nodeKey,
        bytes32 evidenceHash,
        uint128 amount,
        address[] calldata users,
        uint128[] calldata amounts
    ) external onlyRole(ORACLE_ROLE) {
        if (evidenceHash == bytes32(0)) revert MissingEvidence();
        if (_slashes[evidenceHash].status != SlashStatus.None) revert EvidenceAlreadyUsed(evidenceHash);
        if (amount == 0) revert ZeroAmount();
        Bond storage b = _bonds[owner][nodeKey];
        uint256 slashable = b.amount - b.pendingSlash;
        if (amount > slashable) revert SlashExceedsBond(amount, slashable);
        if (users.length != amounts.length || users.length > MAX_REFUNDS) revert InvalidRefunds();
        uint256 refundTotal;
        for (uint256 i = 0; i < users.length; ++i) {
            if (users[i] == address(0) || amounts[i] == 0) revert InvalidRefunds();
            refundTotal += amounts[i];
            _refunds[evidenceHash].push(Refund(users[i], amounts[i]));
        }
        if (refundTotal > amount) revert InvalidRefunds();
        b.pendingSlash += amount;
        uint40 appealEndsAt = uint40(block.timestamp + appealWindow);
        _slashes[evidenceHash] =
            Slash(owner, appealEndsAt, SlashStatus.Proposed, nodeKey, amount, uint128(refundTotal));
        emit SlashProposed(evidenceHash, owner, nodeKey, amount, refundTotal, appealEndsAt);
    }

    /// @notice Executes an uncontested slash once its appeal window has passed (anyone may call it).
    function executeSlash(bytes32 evidenceHash) external nonReentrant {
        Slash storage s = _slash(evidenceHash);
        if (s.status != SlashStatus.Proposed) revert WrongSlashStatus(evidenceHash, s.status);
        if (block.timestamp < s.appealEndsAt) revert AppealWindowOpen(evidenceHash, s.appealEndsAt);
        _execute(evidenceHash, s);
    }

    /// @notice Decides a contested slash: upheld executes it now, rejected releases the bond it held.
    function decideAppeal(bytes32 evidenceHash, bool upheld) external onlyRole(OPERATOR_ROLE) nonReentrant {
        Slash storage s = _slash(evidenceHash);
        if (s.status != SlashStatus.Contested) revert WrongSlashStatus(evidenceHash, s.status);
        emit AppealDecided(evidenceHash, msg.sender, upheld);
        if (upheld) _execute(evidenceHash, s);
        else _dismiss(s);
    }

    /// @notice Dismisses a contested slash no operator decided within DECISION_PERIOD after its appeal window.
    function lapseSlash(bytes32 evidenceHash) external {
        Slash storage s = _slash(evidenceHash);
        if (s.status != SlashStatus.Contested) revert WrongSlashStatus(evidenceHash, s.status);
        if (block.timestamp < uint256(s.appealEndsAt) + DECISION_PERIOD) revert DecisionPeriodOpen(evidenceHash);
        _dismiss(s);
        emit SlashLapsed(evidenceHash);
    }

    // ---------------------------------------------------------------- internals

    function _bond(bytes32 nodeKey, uint8 vramClass, uint128 amount) private {
        if (amount == 0) revert ZeroAmount();
        if (vramClass >= VRAM_CLASSES) revert InvalidVramClass(vramClass);
        Bond storage b = _bonds[msg.sender][nodeKey];
        uint256 active = uint256(b.amount) + amount - b.unbonding;
        if (active < _minimumBond[vramClass]) revert BelowMinimum(active, _minimumBond[vramClass]);
        b.amount += amount;
        b.vramClass = vramClass;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Bonded(msg.sender, nodeKey, vramClass, amount, b.amount);
    }

    /// @dev Takes the slash out of the bond (and out of what is unbonding, if the rest cannot cover it),
    ///      credits the refunds and pays the remainder to the treasury.
    function _execute(bytes32 evidenceHash, Slash storage s) private {
        s.status = SlashStatus.Executed;
        Bond storage b = _bonds[s.owner][s.nodeKey];
        uint128 amount = s.amount;
        b.amount -= amount;
        b.pendingSlash -= amount;
        if (b.unbonding > b.amount) b.unbonding = b.amount;
        Refund[] storage refunds = _refunds[evidenceHash];
        for (uint256 i = 0; i < refunds.length; ++i) {
            refundOf[refunds[i].user] += refunds[i].amount;
        }
        totalRefundsOwed += s.refundTotal;
        uint256 toTreasury = amount - s.refundTotal;
        if (toTreasury > 0) token.safeTransfer(treasury, toTreasury);
        emit SlashExecuted(evidenceHash, toTreasury, s.refundTotal);
    }

    function _dismiss(Slash storage s) private {
        s.status = SlashStatus.Dismissed;
        _bonds[s.owner][s.nodeKey].pendingSlash -= s.amount;
    }

    function _slash(bytes32 evidenceHash) private view returns (Slash storage s) {
        s = _slashes[evidenceHash];
        if (s.status == SlashStatus.None) revert UnknownSlash(evidenceHash);
    }
}
