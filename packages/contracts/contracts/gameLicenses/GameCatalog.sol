// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GameLicensesBase} from "./GameLicensesBase.sol";

/// @title GameCatalog
/// @notice Studios register games (price, royalty, transfer rule, metadata) and publish builds: the
///         SHA-256 of each platform's build is kept on chain so anyone can verify a download against it.
abstract contract GameCatalog is GameLicensesBase {
    /// @notice 0 windows, 1 macos, 2 linux, 3 web.
    uint8 public constant PLATFORM_COUNT = 4;

    /// @notice The latest build of one game on one platform.
    struct Build {
        bytes32 sha256Hash;
        uint64 sizeBytes;
        uint32 version;
        uint40 publishedAt;
    }

    mapping(uint256 gameId => mapping(uint8 platform => Build)) public builds;

    event GameRegistered(
        uint256 indexed gameId,
        address indexed studio,
        uint256 price,
        uint16 royaltyBps,
        bool soulbound,
        string metadataUri
    );
    event PriceUpdated(uint256 indexed gameId, uint256 price);
    event BuildPublished(
        uint256 indexed gameId,
        uint8 indexed platform,
        uint32 version,
        bytes32 sha256Hash,
        uint64 sizeBytes,
        string uri
    );

    error RoyaltyTooHigh(uint16 royaltyBps, uint16 max);
    error PriceOutOfRange(uint256 price);
    error UnknownPlatform(uint8 platform);
    error EmptyBuild();

    modifier onlyStudio(uint256 gameId) {
        if (_game(gameId).studio != msg.sender) revert NotStudio(gameId, msg.sender);
        _;
    }

    /// @notice Registers a game sold by the caller (the studio wallet).
    /// @param price FAR wei per licence (zero: free, still one licence per wallet).
    /// @param royaltyBps Resale royalty paid to the studio, EIP-2981, at most MAX_ROYALTY_BPS.
    /// @param soulbound True: licences can never change hands (no listing, no transfer).
    /// @param metadataUri Where the store metadata lives; returned by `uri(gameId)`.
    /// @return gameId The game's id, also its licence's token id.
    function registerGame(uint256 price, uint16 royaltyBps, bool soulbound, string calldata metadataUri)
        external
        returns (uint256 gameId)
    {
        if (price > type(uint96).max) revert PriceOutOfRange(price);
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps, MAX_ROYALTY_BPS);
        gameId = ++gameCount;
        games[gameId] = Game({studio: msg.sender, price: uint96(price), royaltyBps: royaltyBps, soulbound: soulbound});
        _metadataUri[gameId] = metadataUri;
        _setTokenRoyalty(gameId, msg.sender, royaltyBps);
        emit GameRegistered(gameId, msg.sender, price, royaltyBps, soulbound, metadataUri);
    }

    /// @notice Sets a game's price for purchases from now on (held purchases keep theirs). Studio only.
    function setPrice(uint256 gameId, uint256 price) external onlyStudio(gameId) {
        if (price > type(uint96).max) revert PriceOutOfRange(price);
        games[gameId].price = uint96(price);
        emit PriceUpdated(gameId, price);
    }

    /// @notice Points a game at new store metadata (emits the ERC-1155 `URI` event). Studio only.
    function setMetadataUri(uint256 gameId, string calldata metadataUri) external onlyStudio(gameId) {
        _metadataUri[gameId] = metadataUri;
        emit URI(metadataUri, gameId);
    }

    /// @notice Records a build of a game for one platform; replaces the previous build's hash. Studio only.
    /// @param platform 0 windows, 1 macos, 2 linux, 3 web.
    /// @param sha256Hash SHA-256 of the build file, which a download must match.
    /// @param sizeBytes The file's size.
    /// @param uri Where the build can be fetched from (only emitted; downloads are gated off chain).
    /// @return version 1 for the platform's first build, then counting up.
    function publishBuild(uint256 gameId, uint8 platform, bytes32 sha256Hash, uint64 sizeBytes, string calldata uri)
        external
        onlyStudio(gameId)
        returns (uint32 version)
    {
        if (platform >= PLATFORM_COUNT) revert UnknownPlatform(platform);
        if (sha256Hash == bytes32(0) || sizeBytes == 0) revert EmptyBuild();
        Build storage build = builds[gameId][platform];
        version = build.version + 1;
        builds[gameId][platform] =
            Build({sha256Hash: sha256Hash, sizeBytes: sizeBytes, version: version, publishedAt: uint40(block.timestamp)});
        emit BuildPublished(gameId, platform, version, sha256Hash, sizeBytes, uri);
    }

    /// @notice The SHA-256 a download of the game's current build for `platform` must have; zero if none.
    function buildHash(uint256 gameId, uint8 platform) external view returns (bytes32) {
        return builds[gameId][platform].sha256Hash;
    }
}
