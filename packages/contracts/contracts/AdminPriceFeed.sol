// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";

/// @title AdminPriceFeed
/// @notice A Chainlink-compatible FAR/USD feed whose answer the owner sets. For the local chain and
///         testnets, where no Chainlink FAR/USD feed exists; on mainnet InferencePayment points at a
///         real aggregator instead.
contract AdminPriceFeed is AggregatorV3Interface, Ownable {
    struct Round {
        int256 answer;
        uint64 updatedAt;
    }

    uint8 public constant override decimals = 8;
    uint256 public constant override version = 1;

    uint80 public latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    event PriceUpdated(uint80 indexed roundId, int256 answer, uint256 updatedAt);

    error RoundNotFound(uint80 roundId);

    /// @param owner_ May set prices.
    /// @param initialAnswer First answer with 8 decimals (e.g. 10_000_000 for $0.10); 0 leaves the feed empty.
    constructor(address owner_, int256 initialAnswer) Ownable(owner_) {
        if (initialAnswer != 0) _setPrice(initialAnswer);
    }

    /// @notice Publishes a new round. Any value is accepted, as a real feed can report bad data;
    ///         consumers (InferencePayment.getLatestPrice) must validate it.
    /// @param answer Price with 8 decimals.
    function setPrice(int256 answer) external onlyOwner {
        _setPrice(answer);
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure override returns (string memory) {
        return "FAR / USD";
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) public view override returns (uint80, int256, uint256, uint256, uint80) {
        Round memory round = _rounds[roundId];
        if (round.updatedAt == 0) revert RoundNotFound(roundId);
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        return getRoundData(latestRound);
    }

    function _setPrice(int256 answer) private {
        uint80 roundId = latestRound + 1;
        latestRound = roundId;
        _rounds[roundId] = Round({answer: answer, updatedAt: uint64(block.timestamp)});
        emit PriceUpdated(roundId, answer, block.timestamp);
    }
}
