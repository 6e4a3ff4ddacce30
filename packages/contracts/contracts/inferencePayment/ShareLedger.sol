// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {RevenueSplit} from "./RevenueSplit.sol";

/// @title ShareLedger
/// @notice The treasury's and the stakers' shares of what is charged, and the batch counter: the
///         treasury pulls its credited share, the stakers' share is handed to FARStaking.
abstract contract ShareLedger is RevenueSplit {
    using SafeERC20 for IERC20;

    /// @dev The three per-contract counters every settlement touches, packed in one slot (one cold
    ///      read and one write per batch or task instead of three). Read through the getters below.
    struct Ledger {
        uint64 nextBatchId;
        uint96 treasuryBalance;
        uint96 pendingStakerRevenue;
    }

    address public treasury;

    Ledger internal _ledger = Ledger({nextBatchId: 1, treasuryBalance: 0, pendingStakerRevenue: 0});

    event TreasuryWithdrawn(address indexed treasury, uint256 amount);
    event StakerRevenueFlushed(uint256 amount);
    event TreasuryUpdated(address oldTreasury, address newTreasury);

    error BatchUnbalanced(uint256 totalDebited, uint256 totalCredited);
    error NodeShareTooHigh(uint256 nodesCredited, uint256 totalDebited);

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

    /// @notice Changes where the treasury share goes (already credited share included).
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryUpdated(treasury, newTreasury);
        treasury = newTreasury;
    }

    function _bookTaskShares(uint256 treasuryShare, uint256 stakersShare) internal {
        Ledger memory ledger = _ledger;
        // Shares of an escrow that fits uint96, so the casts cannot truncate.
        ledger.treasuryBalance += uint96(treasuryShare);
        ledger.pendingStakerRevenue += uint96(stakersShare);
        _ledger = ledger;
    }

    /// @dev Checks a batch's split (it sums to what was debited; nodes get at most MAX_NODE_SHARE_BPS),
    ///      advances the batch id, credits the treasury and streams the stakers' share with any pending one.
    function _bookBatchShares(
        uint256 batchId,
        uint256 totalDebited,
        uint256 nodesCredited,
        uint256 stakersShare,
        uint256 treasuryShare
    ) internal {
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
}
