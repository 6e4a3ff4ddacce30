// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRevenueReceiver
/// @notice What a service contract (InferencePayment, and every service after it) needs from FARStaking:
///         hand over the stakers' share of its revenue. The receiver knows which source the caller is.
interface IRevenueReceiver {
    /// @notice Pulls `amount` FAR from the caller (which must have approved it) and streams it to stakers.
    function notifyRevenue(uint256 amount) external;
}
