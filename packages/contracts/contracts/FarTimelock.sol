// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title FarTimelock
/// @notice OpenZeppelin's TimelockController, deployed in front of the money-moving functions
///         (FARStaking's TREASURER_ROLE: reward rate, revenue duration, reserve withdrawal): the treasurer
///         proposes and executes, and nothing runs before `getMinDelay()` has passed since it was
///         scheduled. BNB Smart Chain: 48 hours; the local network: 60 seconds (deploy scripts' setting).
contract FarTimelock is TimelockController {
    /// @param minDelay Seconds between scheduling an operation and the earliest moment it can execute.
    /// @param proposers Get PROPOSER_ROLE and CANCELLER_ROLE (the treasurer).
    /// @param executors Get EXECUTOR_ROLE (the treasurer).
    /// @param admin Optional admin of the timelock's own roles (zero: only the timelock itself, through a delayed operation).
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
