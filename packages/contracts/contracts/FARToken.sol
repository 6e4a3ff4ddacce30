// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title FARToken
/// @notice The Far Labs Token. The whole supply is minted once, at deployment, to a distribution
///         address. There is no mint function: minting staking rewards on top of the
///         "maximum" supply would break it, so rewards come from FARStaking's funded reserve instead.
contract FARToken is ERC20, ERC20Permit, ERC20Burnable {
    /// @notice 1,000,000,000 FAR with 18 decimals (1e27 wei). Burning can lower totalSupply; nothing raises it.
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 * 10 ** 18;

    error ZeroDistributionAddress();

    /// @param distribution Receives the entire supply (a treasury or distribution multisig).
    constructor(address distribution) ERC20("Far Labs Token", "FAR") ERC20Permit("Far Labs Token") {
        if (distribution == address(0)) revert ZeroDistributionAddress();
        _mint(distribution, TOTAL_SUPPLY);
    }
}
