// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ReentrantEntrant
/// @notice Test-only attacker for TournamentPool: a contract wallet that enters, claims or refunds through
///         `act`, and when the pool pays it (HookedPrizeToken's receive hook) calls the pool again with the
///         calldata set by `setReentry`, recording whether that call went through and its revert data.
contract ReentrantEntrant {
    address public immutable pool;
    bytes public reentry;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryRevert;

    constructor(address pool_, IERC20 token) {
        pool = pool_;
        token.approve(pool_, type(uint256).max);
    }

    /// @notice What to call on the pool from inside the next payment (empty: nothing); clears the last record.
    function setReentry(bytes calldata data) external {
        reentry = data;
        reentered = false;
        reentrySucceeded = false;
        delete reentryRevert;
    }

    /// @notice Calls the pool as this contract, bubbling a revert.
    function act(bytes calldata data) external {
        (bool ok, bytes memory result) = pool.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice The token's receive hook: re-enters the pool once.
    function onTokenReceived(address, uint256) external {
        if (reentry.length == 0 || reentered) return;
        reentered = true;
        (reentrySucceeded, reentryRevert) = pool.call(reentry);
    }
}
