// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {GameLicensesBase} from "./GameLicensesBase.sol";

/// @title LicenseMarketplace
/// @notice Resale of transferable licences: a holder lists one licence at a price, a buyer pays it, the
///         studio's EIP-2981 royalty and the platform fee come off the top, the seller gets the rest, and
///         the licence moves. This is the only way a licence changes hands, so the royalty cannot be skipped.
/// @dev The listed licence stays with the seller (they keep playing until it sells); transfers are blocked
///      outside this contract's sale, and a refund closes the seller's listing, so an open listing is
///      always fillable. Resales are final: the royalty is credited to the studio at once.
///      The royalty is a share of the on-chain price: two players who agree a side payment and list at
///      a token price pay little royalty, as on every marketplace; no contract can see money that does
///      not pass through it. What it does stop is the free move: every change of hands is a sale here.
abstract contract LicenseMarketplace is GameLicensesBase {
    using SafeERC20 for IERC20;

    /// @notice One offer to sell one licence.
    struct Listing {
        address seller;
        uint96 price;
        uint64 gameId;
        bool open;
    }

    /// @notice Listings by id; ids start at 1.
    mapping(uint256 listingId => Listing) public listings;
    uint256 public listingCount;
    /// @notice The seller's open listing of a game; zero when none (a wallet holds at most one licence).
    mapping(uint256 gameId => mapping(address seller => uint256 listingId)) public listingIdOf;

    event Listed(uint256 indexed listingId, uint256 indexed gameId, address indexed seller, uint256 price);
    event ListingCancelled(uint256 indexed listingId, uint256 indexed gameId, address indexed seller);
    event ListingSold(
        uint256 indexed listingId,
        uint256 indexed gameId,
        address indexed buyer,
        address seller,
        uint256 price,
        uint256 royalty,
        uint256 stakersShare,
        uint256 treasuryShare,
        uint256 sellerProceeds
    );

    error Soulbound(uint256 gameId);
    error AlreadyListed(uint256 listingId);
    error ListingNotOpen(uint256 listingId);
    error NotSeller(uint256 listingId, address caller);

    /// @notice Offers the caller's licence of `gameId` for `price` FAR wei.
    /// @return listingId The listing, open until sold, cancelled or the seller refunds.
    function list(uint256 gameId, uint256 price) external returns (uint256 listingId) {
        if (_game(gameId).soulbound) revert Soulbound(gameId);
        if (balanceOf(msg.sender, gameId) == 0) revert LicenseNotHeld(gameId, msg.sender);
        uint256 open = listingIdOf[gameId][msg.sender];
        if (open != 0) revert AlreadyListed(open);
        if (price > type(uint96).max) revert PriceTooHigh(price, type(uint96).max);
        listingId = ++listingCount;
        listings[listingId] = Listing({seller: msg.sender, price: uint96(price), gameId: uint64(gameId), open: true});
        listingIdOf[gameId][msg.sender] = listingId;
        emit Listed(listingId, gameId, msg.sender, price);
    }

    /// @notice Withdraws the caller's open listing.
    function cancelListing(uint256 listingId) external {
        Listing storage listing = listings[listingId];
        if (!listing.open) revert ListingNotOpen(listingId);
        if (listing.seller != msg.sender) revert NotSeller(listingId, msg.sender);
        _closeListingOf(listing.gameId, msg.sender);
    }

    /// @notice Buys a listed licence (the caller must have approved the price and hold none of the game).
    /// @param maxPrice The most the caller agreed to pay.
    function buyListing(uint256 listingId, uint256 maxPrice) external nonReentrant {
        _buyListing(listingId, maxPrice);
    }

    /// @notice `buyListing` with an EIP-2612 permit for `maxPrice` instead of a prior approve.
    /// @dev The permit is tried, not required: if someone front-ran it, the allowance is already there.
    function buyListingWithPermit(uint256 listingId, uint256 maxPrice, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), maxPrice, deadline, v, r, s) {} catch {}
        _buyListing(listingId, maxPrice);
    }

    function _closeListingOf(uint256 gameId, address seller) internal override {
        uint256 listingId = listingIdOf[gameId][seller];
        if (listingId == 0) return;
        listings[listingId].open = false;
        delete listingIdOf[gameId][seller];
        emit ListingCancelled(listingId, gameId, seller);
    }

    function _buyListing(uint256 listingId, uint256 maxPrice) private {
        Listing storage listing = listings[listingId];
        if (!listing.open) revert ListingNotOpen(listingId);
        uint256 price = listing.price;
        if (price > maxPrice) revert PriceTooHigh(price, maxPrice);
        uint256 gameId = listing.gameId;
        address seller = listing.seller;
        if (balanceOf(msg.sender, gameId) != 0) revert AlreadyLicensed(gameId, msg.sender);
        (address studio, uint256 royalty) = royaltyInfo(gameId, price);
        (uint256 stakersShare, uint256 treasuryShare, uint256 rest) = splitSale(price, platformFeeBps, stakersShareBps);
        // rest ≥ 70 % of the price and royalty ≤ 10 %, so this cannot underflow.
        uint256 sellerProceeds = rest - royalty;
        listing.open = false;
        delete listingIdOf[gameId][seller];
        studioBalance[studio] += royalty;
        totalStudioBalance += royalty;
        emit ListingSold(
            listingId, gameId, msg.sender, seller, price, royalty, stakersShare, treasuryShare, sellerProceeds
        );
        token.safeTransferFrom(msg.sender, address(this), price);
        if (sellerProceeds > 0) token.safeTransfer(seller, sellerProceeds);
        _payPlatform(stakersShare, treasuryShare);
        _marketplaceTransfer = true;
        // Last: the transfer calls a contract buyer's onERC1155Received.
        _safeTransferFrom(seller, msg.sender, gameId, 1, "");
        _marketplaceTransfer = false;
    }
}
