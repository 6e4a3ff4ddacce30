// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {InferencePaymentBase} from "./InferencePaymentBase.sol";

/// @title RevenueSplit
/// @notice How a charge is divided: the GPU node gets 60% × a 90–110% performance adjustment, stakers
///         20%, the treasury the remainder, so the three always add up to the charge.
abstract contract RevenueSplit is InferencePaymentBase {
    uint256 public constant NODE_SHARE_PERCENT = 60;
    uint256 public constant STAKER_SHARE_PERCENT = 20;
    uint256 public constant BASE_SCORE = 80;
    uint256 public constant MIN_ADJUSTMENT_PERCENT = 90;
    uint256 public constant MAX_ADJUSTMENT_PERCENT = 110;
    /// @notice Nodes can never receive more than 60% × 110% of what a batch debits.
    uint256 public constant MAX_NODE_SHARE_BPS = 6_600;

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
}
