// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {GameLicensesBase} from "./GameLicensesBase.sol";

/// @title LicenseSales
/// @notice Primary sales: a player buys a licence at the game's price, the whole price is held for the
///         refund window, a refund inside it returns exactly the price and burns a licence, and after it
///         anyone may settle the purchase into studio / stakers / treasury. Studios withdraw what is settled.
abstract contract LicenseSales is GameLicensesBase {
    using SafeERC20 for IERC20;

    enum PurchaseStatus {
        None,
        Held,
        Refunded,
        Settled
    }

    /// @notice One primary sale, with the fee and refund deadline it was bought under.
    struct Purchase {
        address buyer;
        uint40 refundableUntil;
        uint16 feeBps;
        uint16 stakersBps;
        PurchaseStatus status;
        uint96 price;
        uint64 gameId;
    }

    /// @notice Purchases by id; ids start at 1.
    mapping(uint256 purchaseId => Purchase) public purchases;
    uint256 public purchaseCount;

    event LicensePurchased(
        uint256 indexed purchaseId, uint256 indexed gameId, address indexed buyer, uint256 price, uint256 refundableUntil
    );
    event LicenseRefunded(uint256 indexed purchaseId, uint256 indexed gameId, address indexed buyer, uint256 price);
    event PurchaseSettled(
        uint256 indexed purchaseId,
        uint256 indexed gameId,
        address indexed studio,
        uint256 studioShare,
        uint256 stakersShare,
        uint256 treasuryShare
    );
    event StudioWithdrawal(address indexed studio, uint256 amount);

    error NotBuyer(uint256 purchaseId, address caller);
    error NotRefundable(uint256 purchaseId);
    error RefundWindowClosed(uint256 purchaseId, uint256 refundableUntil);
    error NothingToSettle();
    error NothingToWithdraw();

    /// @notice Buys one licence of `gameId` for the caller (who must have approved the price).
    /// @param maxPrice The most the caller agreed to pay: a price raised after they looked is refused.
    /// @return purchaseId The purchase, refundable until `purchases(purchaseId).refundableUntil`.
    function buy(uint256 gameId, uint256 maxPrice) external nonReentrant returns (uint256 purchaseId) {
        return _buy(gameId, maxPrice);
    }

    /// @notice `buy` in one transaction with an EIP-2612 permit for `maxPrice` instead of a prior approve.
    /// @dev The permit is tried, not required: if someone front-ran it, the allowance is already there.
    function buyWithPermit(uint256 gameId, uint256 maxPrice, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256 purchaseId)
    {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), maxPrice, deadline, v, r, s) {} catch {}
        return _buy(gameId, maxPrice);
    }

    /// @notice Returns exactly the price of the caller's purchase and burns one licence of its game.
    /// @dev Licences of one game are interchangeable (ERC-1155), so the buyer must still hold one; a
    ///      licence sold on the marketplace can no longer be refunded. Closes the buyer's open listing.
    function refund(uint256 purchaseId) external nonReentrant {
        Purchase storage purchase = purchases[purchaseId];
        if (purchase.buyer != msg.sender) revert NotBuyer(purchaseId, msg.sender);
        if (purchase.status != PurchaseStatus.Held) revert NotRefundable(purchaseId);
        if (block.timestamp >= purchase.refundableUntil) {
            revert RefundWindowClosed(purchaseId, purchase.refundableUntil);
        }
        uint256 gameId = purchase.gameId;
        if (balanceOf(msg.sender, gameId) == 0) revert LicenseNotHeld(gameId, msg.sender);
        uint256 price = purchase.price;
        purchase.status = PurchaseStatus.Refunded;
        heldBalance -= price;
        _closeListingOf(gameId, msg.sender);
        _burn(msg.sender, gameId, 1);
        emit LicenseRefunded(purchaseId, gameId, msg.sender, price);
        if (price > 0) token.safeTransfer(msg.sender, price);
    }

    /// @notice Settles purchases whose refund window has passed: the studio's share becomes withdrawable,
    ///         the stakers' share goes to FARStaking and the treasury's to the treasury. Anyone may call.
    /// @dev Ids that are unknown, refunded, settled or still refundable are skipped, so two keepers with
    ///      overlapping batches do not make each other revert.
    /// @return settled How many purchases this call settled (at least one, or it reverts).
    function settle(uint256[] calldata purchaseIds) external nonReentrant returns (uint256 settled) {
        uint256 stakersTotal;
        uint256 treasuryTotal;
        for (uint256 i = 0; i < purchaseIds.length; ++i) {
            Purchase storage purchase = purchases[purchaseIds[i]];
            if (purchase.status != PurchaseStatus.Held || block.timestamp < purchase.refundableUntil) continue;
            purchase.status = PurchaseStatus.Settled;
            uint256 price = purchase.price;
            (uint256 stakersShare, uint256 treasuryShare, uint256 studioShare) =
                splitSale(price, purchase.feeBps, purchase.stakersBps);
            address studio = games[purchase.gameId].studio;
            heldBalance -= price;
            studioBalance[studio] += studioShare;
            totalStudioBalance += studioShare;
            stakersTotal += stakersShare;
            treasuryTotal += treasuryShare;
            ++settled;
            emit PurchaseSettled(purchaseIds[i], purchase.gameId, studio, studioShare, stakersShare, treasuryShare);
        }
        if (settled == 0) revert NothingToSettle();
        _payPlatform(stakersTotal, treasuryTotal);
    }

    /// @notice Pays the caller (a studio) its settled sales and royalties; held purchases are not included.
    /// @return amount FAR wei sent.
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = studioBalance[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        studioBalance[msg.sender] = 0;
        totalStudioBalance -= amount;
        emit StudioWithdrawal(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    function _buy(uint256 gameId, uint256 maxPrice) private returns (uint256 purchaseId) {
        uint256 price = _game(gameId).price;
        if (price > maxPrice) revert PriceTooHigh(price, maxPrice);
        if (balanceOf(msg.sender, gameId) != 0) revert AlreadyLicensed(gameId, msg.sender);
        purchaseId = ++purchaseCount;
        uint40 refundableUntil = uint40(block.timestamp) + refundWindow;
        purchases[purchaseId] = Purchase({
            buyer: msg.sender,
            refundableUntil: refundableUntil,
            feeBps: platformFeeBps,
            stakersBps: stakersShareBps,
            status: PurchaseStatus.Held,
            price: uint96(price),
            gameId: uint64(gameId)
        });
        heldBalance += price;
        emit LicensePurchased(purchaseId, gameId, msg.sender, price, refundableUntil);
        if (price > 0) token.safeTransferFrom(msg.sender, address(this), price);
        // Last: minting calls a contract buyer's onERC1155Received.
        _mint(msg.sender, gameId, 1, "");
    }
}
