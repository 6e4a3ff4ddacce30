// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRevenueReceiver} from "../interfaces/IRevenueReceiver.sol";

/// @title GameLicensesBase
/// @notice What every part of GameLicenses shares: the FAR token, FARStaking, the treasury, the platform
///         fee and refund window the owner sets within bounds, the game table, and the fee split.
/// @dev The parts (GameCatalog, LicenseSales, LicenseMarketplace) are abstract contracts on this base, so
///      GameLicenses' ABI is the union of theirs.
abstract contract GameLicensesBase is ERC1155, ERC2981, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice One game: its studio (receives sales and royalties), list price, and transfer rule.
    struct Game {
        address studio;
        uint96 price;
        uint16 royaltyBps;
        bool soulbound;
    }

    uint256 internal constant BPS = 10_000;
    /// @notice Ceiling on a game's resale royalty: 10 %.
    uint16 public constant MAX_ROYALTY_BPS = 1_000;
    /// @notice Ceiling on the platform fee (stakers' and treasury's part of every sale): 30 %.
    uint16 public constant MAX_PLATFORM_FEE_BPS = 3_000;
    uint256 public constant MIN_REFUND_WINDOW = 1 hours;
    uint256 public constant MAX_REFUND_WINDOW = 30 days;

    IERC20 public immutable token;
    IRevenueReceiver public immutable staking;

    /// @notice Receives the platform fee less the stakers' share.
    address public treasury;
    /// @notice Basis points of every sale (primary and resale) kept by the platform.
    uint16 public platformFeeBps;
    /// @notice Basis points of every sale sent to stakers, out of the platform fee (≤ platformFeeBps).
    uint16 public stakersShareBps;
    /// @notice How long a buyer may refund a purchase; each purchase keeps the window it was bought with.
    uint40 public refundWindow;

    /// @notice Games by id; ids start at 1, and each game id is also its licence's ERC-1155 token id.
    mapping(uint256 gameId => Game) public games;
    uint256 public gameCount;
    mapping(uint256 gameId => string) internal _metadataUri;

    /// @notice What studios may withdraw: settled purchases and resale royalties (pull payment).
    mapping(address studio => uint256) public studioBalance;
    /// @notice Sum of `studioBalance`.
    uint256 public totalStudioBalance;
    /// @notice Sum of the prices of purchases still held for their refund window.
    uint256 public heldBalance;

    /// @dev Set only while the marketplace moves a sold licence: the one holder-to-holder transfer allowed.
    bool internal transient _marketplaceTransfer;

    event PlatformFeeUpdated(uint16 platformFeeBps, uint16 stakersShareBps);
    event RefundWindowUpdated(uint40 refundWindow);
    event TreasuryUpdated(address indexed treasury);

    error ZeroAddress();
    error UnknownGame(uint256 gameId);
    error NotStudio(uint256 gameId, address caller);
    error InvalidFee(uint16 platformFeeBps, uint16 stakersShareBps);
    error InvalidRefundWindow(uint256 refundWindow);
    error PriceTooHigh(uint256 price, uint256 maxPrice);
    error AlreadyLicensed(uint256 gameId, address holder);
    error LicenseNotHeld(uint256 gameId, address holder);

    /// @param token_ The FAR token (EIP-2612, so purchases can carry a permit).
    /// @param staking_ FARStaking; it pulls the stakers' share (this contract approves it once).
    /// @param treasury_ Receives the platform fee less the stakers' share.
    /// @param owner_ Sets the fee, the refund window and the treasury.
    constructor(IERC20 token_, IRevenueReceiver staking_, address treasury_, address owner_)
        ERC1155("")
        Ownable(owner_)
    {
        if (address(token_) == address(0) || address(staking_) == address(0) || treasury_ == address(0)) {
            revert ZeroAddress();
        }
        token = token_;
        staking = staking_;
        treasury = treasury_;
        platformFeeBps = 1_000;
        stakersShareBps = 500;
        refundWindow = 14 days;
        // One unlimited approval: OZ ERC20 skips the allowance write for max, so each notify is cheap.
        token_.forceApprove(address(staking_), type(uint256).max);
    }

    // ---------------------------------------------------------------- owner

    /// @notice Sets the platform fee and the stakers' part of it, both in basis points of a sale.
    /// @dev Applies to sales from now on; a held purchase keeps the fee it was bought under.
    function setPlatformFee(uint16 platformFeeBps_, uint16 stakersShareBps_) external onlyOwner {
        if (platformFeeBps_ > MAX_PLATFORM_FEE_BPS || stakersShareBps_ > platformFeeBps_) {
            revert InvalidFee(platformFeeBps_, stakersShareBps_);
        }
        platformFeeBps = platformFeeBps_;
        stakersShareBps = stakersShareBps_;
        emit PlatformFeeUpdated(platformFeeBps_, stakersShareBps_);
    }

    /// @notice Sets the refund window for purchases from now on (1 hour to 30 days).
    function setRefundWindow(uint256 refundWindow_) external onlyOwner {
        if (refundWindow_ < MIN_REFUND_WINDOW || refundWindow_ > MAX_REFUND_WINDOW) {
            revert InvalidRefundWindow(refundWindow_);
        }
        refundWindow = uint40(refundWindow_);
        emit RefundWindowUpdated(uint40(refundWindow_));
    }

    /// @notice Sets who receives the treasury's part of the platform fee.
    function setTreasury(address treasury_) external onlyOwner {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    /// @notice The game's store metadata URI (ERC-1155 metadata extension); set by its studio.
    function uri(uint256 gameId) public view override returns (string memory) {
        return _metadataUri[gameId];
    }

    /// @notice ERC-1155 and EIP-2981 (royaltyInfo) interfaces.
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, ERC2981) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- split

    /// @notice How a sale of `amount` is divided at the given fee; the TypeScript `splitGameSale` mirrors it.
    /// @return stakersShare amount × stakersBps / 10000, rounded down.
    /// @return treasuryShare amount × feeBps / 10000 (rounded down) − stakersShare.
    /// @return rest amount − fee: the studio's part of a purchase, or the seller's plus royalty of a resale.
    function splitSale(uint256 amount, uint256 feeBps, uint256 stakersBps)
        public
        pure
        returns (uint256 stakersShare, uint256 treasuryShare, uint256 rest)
    {
        uint256 fee = amount * feeBps / BPS;
        stakersShare = amount * stakersBps / BPS;
        treasuryShare = fee - stakersShare;
        rest = amount - fee;
    }

    // ---------------------------------------------------------------- internal

    function _game(uint256 gameId) internal view returns (Game storage game) {
        game = games[gameId];
        if (game.studio == address(0)) revert UnknownGame(gameId);
    }

    /// @dev Closes `seller`'s open listing of `gameId`, if any (the marketplace implements it).
    function _closeListingOf(uint256 gameId, address seller) internal virtual;

    /// @dev Sends the platform's part of a sale: stakers through FARStaking (source 'gamed'), treasury directly.
    function _payPlatform(uint256 stakersShare, uint256 treasuryShare) internal {
        if (stakersShare > 0) staking.notifyRevenue(stakersShare);
        if (treasuryShare > 0) token.safeTransfer(treasury, treasuryShare);
    }
}
