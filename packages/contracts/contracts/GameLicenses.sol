// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";
import {GameLicensesBase} from "./gameLicenses/GameLicensesBase.sol";
import {GameCatalog} from "./gameLicenses/GameCatalog.sol";
import {LicenseSales} from "./gameLicenses/LicenseSales.sol";
import {LicenseMarketplace} from "./gameLicenses/LicenseMarketplace.sol";

/// @title GameLicenses
/// @notice Far GameD's licences: an ERC-1155 token per game (token id = game id), bought with FAR, held
///         by the player, refundable for a window, resold only through the built-in marketplace with the
///         studio's EIP-2981 royalty, and every sale shares a platform fee with FARStaking's stakers
///         (revenue source 'gamed') and the treasury. Each platform build's SHA-256 is kept on chain.
/// @dev Why it is built this way:
///      - the whole price is held until the refund window passes, so a refund returns exactly the price
///        and never depends on the studio's balance; only settled funds are withdrawable (pull payment);
///      - licences move only by mint (purchase), burn (refund) and the marketplace: a plain
///        `safeTransferFrom` between holders would let a resale skip the royalty (EIP-2981 is advisory),
///        so it is refused; soulbound games cannot be listed at all;
///      - one licence per wallet per game, so "holds the licence" is a yes/no a download gate can ask;
///      - invariants the tests defend: FAR balance == heldBalance + totalStudioBalance (the marketplace
///        escrows nothing), and a game's supply == its purchases − its refunds.
contract GameLicenses is GameCatalog, LicenseSales, LicenseMarketplace {
    error TransferOutsideMarketplace();

    /// @param token_ The FAR token.
    /// @param staking_ FARStaking; register this contract there with `setRevenueSource(this, 'gamed')`.
    /// @param treasury_ Receives the platform fee less the stakers' share.
    /// @param owner_ Sets the fee, the refund window and the treasury.
    constructor(IERC20 token_, IRevenueReceiver staking_, address treasury_, address owner_)
        GameLicensesBase(token_, staking_, treasury_, owner_)
    {}

    /// @dev Mint and burn pass; a holder-to-holder move only while the marketplace completes a sale.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        if (from != address(0) && to != address(0) && !_marketplaceTransfer) revert TransferOutsideMarketplace();
        super._update(from, to, ids, values);
    }
}
