// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ResearchEscrowBase} from "./ResearchEscrowBase.sol";

/// @title RemainderRefunds
/// @notice After a proposal fails, each backer withdraws their pro-rata share of the unreleased remainder.
/// @dev Exact to the wei: a withdrawal pays `floor(after × R / raised) − floor(before × R / raised)`, where
///      `before` is the contribution already refunded and `after = before + contribution`. The payouts
///      telescope, so once every backer has withdrawn they sum to `floor(raised × R / raised) = R` exactly,
///      whatever the order; each payout is within one wei of `contribution × R / raised`.
abstract contract RemainderRefunds is ResearchEscrowBase {
    using SafeERC20 for IERC20;

    /// @notice A backer of a Failed proposal takes their pro-rata share of the unreleased remainder.
    /// @return amount The FAR wei paid.
    function withdrawRemainder(uint256 proposalId) external nonReentrant returns (uint256 amount) {
        Proposal storage p = _proposal(proposalId);
        _requireStatus(proposalId, p, ProposalStatus.Failed);
        uint256 contribution = contributionOf[proposalId][msg.sender];
        if (contribution == 0) revert NothingToWithdraw();
        amount = _remainderShare(p, contribution);
        contributionOf[proposalId][msg.sender] = 0;
        p.refundedContribution += uint128(contribution);
        p.refunded += uint128(amount);
        emit RemainderWithdrawn(proposalId, msg.sender, amount, contribution);
        _pay(msg.sender, amount);
    }

    /// @notice What `backer` could withdraw from `proposalId` now (in full when unfunded or cancelled, pro
    ///         rata when failed, nothing otherwise).
    function refundableOf(uint256 proposalId, address backer) external view returns (uint256) {
        Proposal storage p = _proposal(proposalId);
        uint256 contribution = contributionOf[proposalId][backer];
        ProposalStatus status = p.status;
        if (status == ProposalStatus.Failed) return _remainderShare(p, contribution);
        bool expired = status == ProposalStatus.Funding && block.timestamp > p.deadline;
        if (expired || status == ProposalStatus.Unfunded || status == ProposalStatus.Cancelled) return contribution;
        return 0;
    }

    function _remainderShare(Proposal storage p, uint256 contribution) private view returns (uint256) {
        uint256 raised = p.raised;
        uint256 remainder = raised - p.released;
        uint256 before = p.refundedContribution;
        return Math.mulDiv(before + contribution, remainder, raised) - Math.mulDiv(before, remainder, raised);
    }
}
