// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {InferencePaymentBase} from "./InferencePaymentBase.sol";

/// @title NodeRegistry
/// @notice GPU nodes' payout addresses: registration, suspension, reliability rating, and the earnings
///         credited to them by settlement, which each node pulls.
abstract contract NodeRegistry is InferencePaymentBase {
    using SafeERC20 for IERC20;

    /// @dev One storage slot per node, so a batch credit costs one cold read and one write.
    struct Node {
        uint96 credit;
        uint112 totalEarned;
        uint32 tasksCompleted;
        uint8 reliability;
        bool active;
    }

    uint256 public constant INITIAL_RELIABILITY = 80;

    mapping(address node => Node) public nodes;

    event NodeRegistered(address indexed node, address indexed owner);
    event NodeDeactivated(address indexed node);
    event NodeRatingUpdated(address indexed node, uint256 newRating);
    event EarningsWithdrawn(address indexed node, uint256 amount);

    error NodeNotActive(address node);
    error NodeAlreadyActive(address node);
    error InvalidRating(uint256 rating);
    error InsufficientCredit(address node, uint256 requested, uint256 available);
    error CreditOverflow(address node);

    /// @notice Registers (or reactivates) a GPU node's payout address with the base reliability of 80.
    function registerNode(address node) external onlyRole(ORACLE_ROLE) {
        if (node == address(0)) revert ZeroAddress();
        Node storage nodeInfo = nodes[node];
        if (nodeInfo.active) revert NodeAlreadyActive(node);
        nodeInfo.active = true;
        nodeInfo.reliability = uint8(INITIAL_RELIABILITY);
        emit NodeRegistered(node, node);
    }

    /// @notice Suspends a node: it gets no new credits; what it earned stays withdrawable.
    function deactivateNode(address node) external onlyRole(ORACLE_ROLE) {
        Node storage nodeInfo = nodes[node];
        if (!nodeInfo.active) revert NodeNotActive(node);
        nodeInfo.active = false;
        emit NodeDeactivated(node);
    }

    /// @notice Sets an active node's reliability rating (0..100).
    function updateNodeRating(address node, uint256 newRating) external onlyRole(ORACLE_ROLE) {
        Node storage nodeInfo = nodes[node];
        if (!nodeInfo.active) revert NodeNotActive(node);
        if (newRating > MAX_SCORE) revert InvalidRating(newRating);
        nodeInfo.reliability = uint8(newRating);
        emit NodeRatingUpdated(node, newRating);
    }

    /// @notice A node pulls `amount` of its credited earnings.
    function withdrawEarnings(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Node storage nodeInfo = nodes[msg.sender];
        uint256 available = nodeInfo.credit;
        if (amount > available) revert InsufficientCredit(msg.sender, amount, available);
        nodeInfo.credit = uint96(available - amount);
        token.safeTransfer(msg.sender, amount);
        emit EarningsWithdrawn(msg.sender, amount);
    }

    /// @dev Hot loop of settleBatch on the packed Node word directly (credit bits 0–95, totalEarned
    ///      96–207, active bit 248): one SLOAD and one SSTORE per node, no struct copies.
    function _creditNodes(uint256[] calldata credits) internal returns (uint256 nodesCredited) {
        uint256 count = credits.length;
        for (uint256 i; i < count;) {
            uint256 entry = credits[i];
            address node = address(uint160(entry >> 96));
            uint256 amount = entry & UINT96_MASK;
            bytes32 slot = _nodeSlot(node);
            uint256 word;
            assembly ("memory-safe") {
                word := sload(slot)
            }
            if (word >> 248 == 0) revert NodeNotActive(node);
            if ((word & UINT96_MASK) + amount > UINT96_MASK || ((word >> 96) & UINT112_MASK) + amount > UINT112_MASK) {
                revert CreditOverflow(node);
            }
            unchecked {
                word += amount + (amount << 96);
                nodesCredited += amount;
                ++i;
            }
            assembly ("memory-safe") {
                sstore(slot, word)
            }
        }
    }

    function _nodeSlot(address node) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            mstore(0x00, node)
            mstore(0x20, nodes.slot)
            slot := keccak256(0x00, 0x40)
        }
    }
}
