// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRevenueReceiver} from "./interfaces/IRevenueReceiver.sol";
import {PublicationRegistry} from "./PublicationRegistry.sol";
import {MilestoneReview} from "./researchEscrow/MilestoneReview.sol";
import {ProposalFunding} from "./researchEscrow/ProposalFunding.sol";
import {RemainderRefunds} from "./researchEscrow/RemainderRefunds.sol";
import {ResearchEscrowBase} from "./researchEscrow/ResearchEscrowBase.sol";

/// @title ResearchEscrow
/// @notice Far DeSci: research funded milestone by milestone. A researcher opens a proposal (goal, funding
///         deadline, milestones summing to the goal, a panel of n reviewers with threshold k); backers fund it
///         in FAR, all or nothing; each milestone is paid to the researcher only after k reviewers approve its
///         deliverable (EIP-712 signatures); a platform fee on each release goes to stakers (FARStaking,
///         revenue source `desci`) and the treasury. Rejected or overdue, the unreleased remainder goes back
///         to the backers pro rata, to the wei.
/// @dev Parts: ProposalFunding (open, fund, cancel, unfunded refunds), MilestoneReview (deliverables,
///      release, rejection, overdue), RemainderRefunds (pro-rata refunds). Pausing stops new proposals and new
///      funding only: releases, rejections and every refund keep working.
contract ResearchEscrow is ProposalFunding, MilestoneReview, RemainderRefunds {
    /// @param token_ The FAR token.
    /// @param staking_ FARStaking (register this contract with `setRevenueSource(escrow, 'desci')`).
    /// @param registry_ The PublicationRegistry (allow this contract with `setRecorder(escrow, true)`).
    /// @param treasury_ Receives the treasury part of each release fee.
    /// @param admin Gets DEFAULT_ADMIN_ROLE (treasury, roles), TREASURER_ROLE (platform terms for new
    ///        proposals) and OPERATOR_ROLE (pauses new business).
    /// @param feeBps_ Platform fee per release in basis points (at most 1000).
    /// @param stakerShareBps_ The stakers' part of the fee in basis points (at most 10000).
    /// @param gracePeriod_ Seconds after a due date before a milestone is overdue (at most 365 days).
    constructor(
        IERC20 token_,
        IRevenueReceiver staking_,
        PublicationRegistry registry_,
        address treasury_,
        address admin,
        uint256 feeBps_,
        uint256 stakerShareBps_,
        uint256 gracePeriod_
    ) ResearchEscrowBase(token_, staking_, registry_, treasury_, admin) {
        _setPlatformTerms(feeBps_, stakerShareBps_, gracePeriod_);
    }

    /// @notice Sets the fee, the stakers' share of it and the grace period that proposals opened from now on take.
    function setPlatformTerms(uint256 feeBps_, uint256 stakerShareBps_, uint256 gracePeriod_)
        external
        onlyRole(TREASURER_ROLE)
    {
        _setPlatformTerms(feeBps_, stakerShareBps_, gracePeriod_);
    }

    /// @notice Where the treasury part of future release fees goes.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    /// @notice Stops new proposals and new funding.
    function pause() external onlyRole(OPERATOR_ROLE) {
        _pause();
    }

    /// @notice Resumes new proposals and new funding.
    function unpause() external onlyRole(OPERATOR_ROLE) {
        _unpause();
    }

    /// @notice A proposal as stored (reverts for an unknown id). `status` stays Funding after a missed deadline
    ///         until the first refund; `statusOf` reports it as Unfunded at once.
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        return _proposal(proposalId);
    }

    /// @notice The proposal's status as of now: Unfunded as soon as the deadline has passed short of the goal.
    function statusOf(uint256 proposalId) external view returns (ProposalStatus) {
        Proposal storage p = _proposal(proposalId);
        if (p.status == ProposalStatus.Funding && block.timestamp > p.deadline) return ProposalStatus.Unfunded;
        return p.status;
    }

    /// @notice The proposal's milestones in order.
    function getMilestones(uint256 proposalId) external view returns (Milestone[] memory) {
        _proposal(proposalId);
        return _milestones[proposalId];
    }

    /// @notice The review panel.
    function reviewersOf(uint256 proposalId) external view returns (address[] memory) {
        _proposal(proposalId);
        return _reviewers[proposalId];
    }

    /// @notice Whether `account` sits on the proposal's review panel.
    function isReviewer(uint256 proposalId, address account) external view returns (bool) {
        return _reviewerSlot[proposalId][account] != 0;
    }

    function _setPlatformTerms(uint256 feeBps_, uint256 stakerShareBps_, uint256 gracePeriod_) private {
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        if (stakerShareBps_ > BPS) revert InvalidTerms("staker share above 100%");
        if (gracePeriod_ > MAX_GRACE_PERIOD) revert InvalidTerms("grace period too long");
        feeBps = feeBps_;
        stakerShareBps = stakerShareBps_;
        gracePeriod = gracePeriod_;
        emit PlatformTermsUpdated(feeBps_, stakerShareBps_, gracePeriod_);
    }
}
