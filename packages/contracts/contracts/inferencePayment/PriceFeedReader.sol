// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {InferencePaymentBase} from "./InferencePaymentBase.sol";

/// @title PriceFeedReader
/// @notice The FAR/USD price from a Chainlink aggregator (or AdminPriceFeed on local/testnet), checked.
abstract contract PriceFeedReader is InferencePaymentBase {
    AggregatorV3Interface public priceFeed;
    /// @notice A Chainlink answer older than this is rejected by `getLatestPrice`.
    uint256 public maxPriceAge;

    event PriceFeedUpdated(address oldFeed, address newFeed);
    event MaxPriceAgeUpdated(uint256 oldAge, uint256 newAge);

    error InvalidPrice(int256 answer);
    error StalePrice(uint256 updatedAt, uint256 maxAge);

    /// @notice The FAR/USD answer (the feed's decimals, 8 for Chainlink USD pairs), rejecting
    ///         non-positive, incomplete or stale rounds.
    function getLatestPrice() external view returns (uint256) {
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = priceFeed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        if (updatedAt == 0 || answeredInRound < roundId) revert StalePrice(updatedAt, maxPriceAge);
        if (updatedAt < block.timestamp && block.timestamp - updatedAt > maxPriceAge) {
            revert StalePrice(updatedAt, maxPriceAge);
        }
        return uint256(answer);
    }

    /// @notice Points at another FAR/USD aggregator.
    function setPriceFeed(AggregatorV3Interface newFeed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(newFeed) == address(0)) revert ZeroAddress();
        emit PriceFeedUpdated(address(priceFeed), address(newFeed));
        priceFeed = newFeed;
    }

    /// @notice Sets the staleness bound for `getLatestPrice`.
    function setMaxPriceAge(uint256 newAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newAge == 0) revert InvalidDuration(newAge);
        emit MaxPriceAgeUpdated(maxPriceAge, newAge);
        maxPriceAge = newAge;
    }
}
