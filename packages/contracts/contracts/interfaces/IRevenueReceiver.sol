// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRevenueReceiver
/// @notice What InferencePayment needs from FARStaking: hand over the stakers' share of revenue.
interface IRevenueReceiver {
    /// @notice Pulls `amount` FAR from the caller (which must have approved it) and streams it to stakers.
    function notifyRevenue(uint256 amount) external;
}
