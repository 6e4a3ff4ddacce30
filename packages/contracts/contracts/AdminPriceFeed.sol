// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";

/// @title AdminPriceFeed
/// @notice A Chainlink-compatible FAR/USD feed whose answer a price keeper sets. For the local chain and
///         testnets, where no Chainlink FAR/USD feed exists; on mainnet InferencePayment points at a
///         real aggregator instead.
/// @dev Guarded like an aggregator's own sanity checks: every answer must lie within
///      [`minAnswer`, `maxAnswer`], and may move at most `maxDeviationBps` from the last answer in one
///      update (0 = no deviation limit). The admin (DEFAULT_ADMIN_ROLE) sets both and grants
///      PRICE_KEEPER_ROLE, which alone publishes answers.
contract AdminPriceFeed is AggregatorV3Interface, AccessControl {
    struct Round {
        int256 answer;
        uint64 updatedAt;
    }

    /// @notice Publishes answers (`setPrice`).
    bytes32 public constant PRICE_KEEPER_ROLE = keccak256("PRICE_KEEPER_ROLE");
    uint256 private constant BPS = 10_000;

    uint8 public constant override decimals = 8;
    uint256 public constant override version = 1;

    uint80 public latestRound;
    /// @notice The lowest answer `setPrice` accepts (8 decimals).
    int256 public minAnswer;
    /// @notice The highest answer `setPrice` accepts (8 decimals).
    int256 public maxAnswer;
    /// @notice The most one update may move the answer, in basis points of the last answer; 0 = unlimited.
    uint256 public maxDeviationBps;
    mapping(uint80 roundId => Round) private _rounds;

    event PriceUpdated(uint80 indexed roundId, int256 answer, uint256 updatedAt);
    event BoundsUpdated(int256 minAnswer, int256 maxAnswer);
    event MaxDeviationUpdated(uint256 oldMaxDeviationBps, uint256 newMaxDeviationBps);

    error RoundNotFound(uint80 roundId);
    error InvalidBounds(int256 minAnswer, int256 maxAnswer);
    error PriceOutOfBounds(int256 answer, int256 minAnswer, int256 maxAnswer);
    error PriceDeviationTooHigh(int256 answer, int256 lastAnswer, uint256 maxDeviationBps);

    /// @param admin Gets DEFAULT_ADMIN_ROLE (bounds, deviation, roles) and PRICE_KEEPER_ROLE; deploy
    ///        scripts hand the keeper role to the price keeper's key.
    /// @param initialAnswer First answer with 8 decimals (e.g. 10_000_000 for $0.10); 0 leaves the feed
    ///        empty. Checked against the bounds, not the deviation.
    /// @param minAnswer_ Lowest accepted answer.
    /// @param maxAnswer_ Highest accepted answer.
    /// @param maxDeviationBps_ Most one update may move the answer (basis points; 0 = unlimited).
    constructor(address admin, int256 initialAnswer, int256 minAnswer_, int256 maxAnswer_, uint256 maxDeviationBps_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PRICE_KEEPER_ROLE, admin);
        _setBounds(minAnswer_, maxAnswer_);
        maxDeviationBps = maxDeviationBps_;
        if (initialAnswer != 0) {
            _checkBounds(initialAnswer);
            _setPrice(initialAnswer);
        }
    }

    /// @notice Publishes a new round within the bounds and the deviation limit. Consumers
    ///         (InferencePayment.getLatestPrice) still validate what they read, as from any feed.
    /// @param answer Price with 8 decimals.
    function setPrice(int256 answer) external onlyRole(PRICE_KEEPER_ROLE) {
        _checkBounds(answer);
        uint256 maxDeviation = maxDeviationBps;
        uint80 last = latestRound;
        if (maxDeviation != 0 && last != 0) {
            int256 lastAnswer = _rounds[last].answer;
            uint256 base = _abs(lastAnswer);
            if (base != 0 && _abs(answer - lastAnswer) * BPS > base * maxDeviation) {
                revert PriceDeviationTooHigh(answer, lastAnswer, maxDeviation);
            }
        }
        _setPrice(answer);
    }

    /// @notice Sets the range `setPrice` accepts.
    function setBounds(int256 minAnswer_, int256 maxAnswer_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBounds(minAnswer_, maxAnswer_);
    }

    /// @notice Sets how far one update may move the answer (basis points of the last answer; 0 = unlimited).
    function setMaxDeviation(uint256 newMaxDeviationBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit MaxDeviationUpdated(maxDeviationBps, newMaxDeviationBps);
        maxDeviationBps = newMaxDeviationBps;
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

    function _setBounds(int256 minAnswer_, int256 maxAnswer_) private {
        if (minAnswer_ > maxAnswer_) revert InvalidBounds(minAnswer_, maxAnswer_);
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        emit BoundsUpdated(minAnswer_, maxAnswer_);
    }

    function _checkBounds(int256 answer) private view {
        if (answer < minAnswer || answer > maxAnswer) revert PriceOutOfBounds(answer, minAnswer, maxAnswer);
    }

    function _setPrice(int256 answer) private {
        uint80 roundId = latestRound + 1;
        latestRound = roundId;
        _rounds[roundId] = Round({answer: answer, updatedAt: uint64(block.timestamp)});
        emit PriceUpdated(roundId, answer, block.timestamp);
    }

    function _abs(int256 value) private pure returns (uint256) {
        return value < 0 ? uint256(-value) : uint256(value);
    }
}
