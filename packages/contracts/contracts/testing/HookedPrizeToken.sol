// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice What HookedPrizeToken calls on the wallet it watches when that wallet receives tokens.
interface ITokenReceiver {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title HookedPrizeToken
/// @notice Test-only ERC20 with an ERC-777-style receive hook on one watched wallet, so a TournamentPool
///         deployed over it hands control to an attacker in the middle of a prize or refund payment.
///         FAR has no such hook; this proves the pool would stay safe if its token had one.
contract HookedPrizeToken is ERC20 {
    address public watched;

    constructor() ERC20("Hooked Prize Token", "HOOK") {
        _mint(msg.sender, 1e27);
    }

    /// @notice The wallet whose receipts call `onTokenReceived` (zero: none).
    function watch(address wallet) external {
        watched = wallet;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (to == watched && to != address(0)) ITokenReceiver(to).onTokenReceived(from, value);
    }
}
