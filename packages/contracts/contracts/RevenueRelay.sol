// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";

/// @title RevenueRelay
/// @notice Lets one contract notify FARStaking under a second revenue source: FARStaking attributes
///         revenue by the notifier's address, so InferencePayment hands the stakers' share of creator
///         fees (FarTwin) to this relay, registered as the `fartwin` source, which forwards it.
/// @dev Only `feeder` may notify (an open relay would let anyone restart the staking stream with dust).
contract RevenueRelay is IRevenueReceiver {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    IRevenueReceiver public immutable staking;
    /// @notice The one contract allowed to notify through this relay.
    address public immutable feeder;

    event RevenueRelayed(address indexed feeder, uint256 amount);

    error ZeroAddress();
    error NotFeeder(address caller);

    /// @param token_ The FAR token.
    /// @param staking_ FARStaking (this relay must be registered there with `setRevenueSource`).
    /// @param feeder_ The contract whose revenue this relay forwards (InferencePayment).
    constructor(IERC20 token_, IRevenueReceiver staking_, address feeder_) {
        if (address(token_) == address(0) || address(staking_) == address(0) || feeder_ == address(0)) {
            revert ZeroAddress();
        }
        token = token_;
        staking = staking_;
        feeder = feeder_;
        token_.forceApprove(address(staking_), type(uint256).max);
    }

    /// @inheritdoc IRevenueReceiver
    /// @dev Pulls `amount` from the feeder and notifies FARStaking with it, in the same call.
    function notifyRevenue(uint256 amount) external {
        if (msg.sender != feeder) revert NotFeeder(msg.sender);
        token.safeTransferFrom(msg.sender, address(this), amount);
        staking.notifyRevenue(amount);
        emit RevenueRelayed(msg.sender, amount);
    }
}
