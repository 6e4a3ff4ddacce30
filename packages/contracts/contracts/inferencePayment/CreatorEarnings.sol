// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IRevenueReceiver} from "../interfaces/IRevenueReceiver.sol";
import {InferencePaymentBase} from "./InferencePaymentBase.sol";

/// @title CreatorEarnings
/// @notice Creator fees charged on top of inference (a FarTwin twin's fee): the creators' part is
///         credited to their wallets by settlement and pulled like node earnings; the stakers' part is
///         handed to `creatorFeeRevenueReceiver` (a RevenueRelay that FARStaking knows under the
///         service's own revenue source), so it is not counted as inference revenue.
/// @dev Unlike node credits, a creator needs no registration: any non-zero payee can be credited, and
///      the batch's balance check (debits = every credit + every share) bounds what can be credited.
abstract contract CreatorEarnings is InferencePaymentBase {
    using SafeERC20 for IERC20;

    /// @notice FAR credited to each creator by settlement and not yet withdrawn.
    mapping(address creator => uint256) public creatorCredit;
    /// @notice Receives the stakers' share of creator fees (zero until the admin sets it).
    IRevenueReceiver public creatorFeeRevenueReceiver;

    event CreatorFeesSettled(
        uint256 indexed batchId, uint256 creatorsCredited, uint256 stakersShare, uint256 creditCount
    );
    event CreatorEarningsWithdrawn(address indexed creator, uint256 amount);
    event CreatorFeeRevenueReceiverUpdated(address oldReceiver, address newReceiver);

    error CreatorFeeRevenueReceiverNotSet();
    error InsufficientCreatorCredit(address creator, uint256 requested, uint256 available);

    /// @notice A creator pulls `amount` of its credited fees.
    function withdrawCreatorEarnings(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 available = creatorCredit[msg.sender];
        if (amount > available) revert InsufficientCreatorCredit(msg.sender, amount, available);
        creatorCredit[msg.sender] = available - amount;
        token.safeTransfer(msg.sender, amount);
        emit CreatorEarningsWithdrawn(msg.sender, amount);
    }

    /// @notice Sets where the stakers' share of creator fees goes; this contract approves it (and
    ///         revokes the previous receiver's approval).
    function setCreatorFeeRevenueReceiver(IRevenueReceiver receiver) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(receiver) == address(0)) revert ZeroAddress();
        IRevenueReceiver previous = creatorFeeRevenueReceiver;
        if (address(previous) != address(0)) token.forceApprove(address(previous), 0);
        creatorFeeRevenueReceiver = receiver;
        token.forceApprove(address(receiver), type(uint256).max);
        emit CreatorFeeRevenueReceiverUpdated(address(previous), address(receiver));
    }

    /// @dev Credits packed `uint256(uint160(creator)) << 96 | amount` entries; returns their sum.
    function _creditCreators(uint256[] calldata credits) internal returns (uint256 creatorsCredited) {
        uint256 count = credits.length;
        for (uint256 i; i < count; ++i) {
            uint256 entry = credits[i];
            address creator = address(uint160(entry >> 96));
            if (creator == address(0)) revert ZeroAddress();
            uint256 amount = entry & UINT96_MASK;
            creatorCredit[creator] += amount;
            creatorsCredited += amount;
        }
    }

    /// @dev Hands the stakers' share of creator fees to the receiver (after every check of the batch).
    function _notifyCreatorFeeStakers(uint256 stakersShare) internal {
        if (stakersShare == 0) return;
        IRevenueReceiver receiver = creatorFeeRevenueReceiver;
        if (address(receiver) == address(0)) revert CreatorFeeRevenueReceiverNotSet();
        receiver.notifyRevenue(stakersShare);
    }
}
