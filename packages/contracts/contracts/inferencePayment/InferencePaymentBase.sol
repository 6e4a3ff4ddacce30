// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IRevenueReceiver} from "../interfaces/IRevenueReceiver.sol";

/// @title InferencePaymentBase
/// @notice What every part of InferencePayment shares: the FAR token, FARStaking, the oracle role,
///         the operator's pause, the EIP-712 domain and the errors more than one part raises.
/// @dev The parts (SpendingAuthorizations, NodeRegistry, ShareLedger, PriceFeedReader, RevenueSplit) are
///      abstract contracts on this base, so InferencePayment's ABI is the union of theirs.
abstract contract InferencePaymentBase is AccessControl, Pausable, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    /// @notice Pauses and unpauses deposits and settlement.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    uint256 public constant MAX_SCORE = 100;

    uint256 internal constant UINT40_MASK = type(uint40).max;
    uint256 internal constant UINT96_MASK = type(uint96).max;
    uint256 internal constant UINT112_MASK = type(uint112).max;

    IERC20 public immutable token;
    IRevenueReceiver public immutable staking;

    error ZeroAmount();
    error ZeroAddress();
    error InvalidDuration(uint256 duration);
    error InsufficientBalance(address user, uint256 requested, uint256 available);
    error NothingToWithdraw();

    /// @param token_ The FAR token.
    /// @param staking_ FARStaking; it pulls the stakers' share (this contract approves it once).
    /// @param admin Gets DEFAULT_ADMIN_ROLE, ORACLE_ROLE and OPERATOR_ROLE (grant ORACLE to the coordinator,
    ///        OPERATOR to the operator).
    constructor(IERC20 token_, IRevenueReceiver staking_, address admin) EIP712("Far Labs InferencePayment", "1") {
        if (address(token_) == address(0) || address(staking_) == address(0) || admin == address(0)) {
            revert ZeroAddress();
        }
        token = token_;
        staking = staking_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ORACLE_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        // One unlimited approval: OZ ERC20 skips the allowance write for max, so each notify is cheap.
        token_.forceApprove(address(staking_), type(uint256).max);
    }

    /// @notice Stops deposits, task creation and completion, and batch settlement. Withdrawals of
    ///         escrow, node and creator earnings keep working.
    function pause() external onlyRole(OPERATOR_ROLE) {
        _pause();
    }

    /// @notice Restores deposits and settlement.
    function unpause() external onlyRole(OPERATOR_ROLE) {
        _unpause();
    }
}
