// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ResearchEscrowBase} from "./ResearchEscrowBase.sol";

/// @title ProposalFunding
/// @notice Opening a proposal and the all-or-nothing funding round: backers fund until the deadline, never
///         beyond the goal; short of the goal at the deadline (or cancelled by the researcher before it was
///         met) every backer withdraws exactly what they gave.
abstract contract ProposalFunding is ResearchEscrowBase {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Opens a proposal under the current platform terms.
    /// @param goal FAR wei asked for; the milestone amounts must add up to it exactly.
    /// @param deadline End of funding (unix seconds), in the future and at most 365 days away.
    /// @param milestones Amount (non-zero) and due date of each milestone, due dates strictly increasing and
    ///        after the deadline; at most 20.
    /// @param reviewers The review panel: distinct non-zero wallets, not the researcher; at most 20.
    /// @param threshold k: approvals (or rejections) a milestone decision needs, 1 ≤ k ≤ n.
    /// @param metadataHash Hash of the off-chain proposal (abstract, team, budget) the API stores.
    /// @return proposalId The new proposal's id.
    function openProposal(
        uint256 goal,
        uint256 deadline,
        MilestoneTerms[] calldata milestones,
        address[] calldata reviewers,
        uint256 threshold,
        bytes32 metadataHash
    ) external whenNotPaused returns (uint256 proposalId) {
        if (goal == 0) revert InvalidTerms("goal is zero");
        if (deadline <= block.timestamp || deadline > block.timestamp + MAX_FUNDING_PERIOD) {
            revert InvalidTerms("deadline out of range");
        }
        if (reviewers.length == 0 || reviewers.length > MAX_REVIEWERS) revert InvalidTerms("reviewer count");
        if (threshold == 0 || threshold > reviewers.length) revert InvalidTerms("threshold");
        proposalId = ++proposalCount;
        _proposals[proposalId] = Proposal({
            researcher: msg.sender,
            deadline: deadline.toUint64(),
            threshold: uint8(threshold),
            reviewerCount: uint8(reviewers.length),
            milestoneCount: uint8(milestones.length),
            currentMilestone: 0,
            status: ProposalStatus.Funding,
            feeBps: uint16(feeBps),
            stakerShareBps: uint16(stakerShareBps),
            gracePeriod: uint32(gracePeriod),
            goal: goal.toUint128(),
            raised: 0,
            released: 0,
            refunded: 0,
            refundedContribution: 0,
            metadataHash: metadataHash
        });
        // Opened first, then its milestones and panel, so a follower reads the events in that order.
        emit ProposalOpened(proposalId, msg.sender, goal, deadline, metadataHash, feeBps, stakerShareBps, gracePeriod);
        _scheduleMilestones(proposalId, goal, deadline, milestones);
        _seatPanel(proposalId, reviewers, threshold);
    }

    /// @notice Backs a proposal with FAR (approve this contract first). Accepts at most what the goal still
    ///         lacks and pulls only that, so two backers racing for the last part both succeed rather than
    ///         one reverting; `ProposalBacked` reports the accepted amount.
    /// @param proposalId A proposal in Funding, before its deadline.
    /// @param amount The most FAR wei to give.
    /// @return accepted What was taken: `min(amount, goal - raised)`.
    function fund(uint256 proposalId, uint256 amount) external whenNotPaused nonReentrant returns (uint256 accepted) {
        return _fund(proposalId, amount);
    }

    /// @notice `fund` with an EIP-2612 permit for `amount`, in one transaction. A permit already used (front-run
    ///         from the mempool) is ignored when the allowance is there anyway.
    function fundWithPermit(uint256 proposalId, uint256 amount, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s)
        external
        whenNotPaused
        nonReentrant
        returns (uint256 accepted)
    {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, permitDeadline, v, r, s) {} catch {}
        return _fund(proposalId, amount);
    }

    /// @notice The researcher withdraws a proposal that is not yet funded; backers then withdraw in full.
    function cancelProposal(uint256 proposalId) external {
        Proposal storage p = _proposal(proposalId);
        if (msg.sender != p.researcher) revert NotResearcher(msg.sender);
        _requireStatus(proposalId, p, ProposalStatus.Funding);
        p.status = ProposalStatus.Cancelled;
        emit ProposalCancelled(proposalId);
    }

    /// @notice After the deadline with the goal unmet, or after a cancellation: the caller takes back exactly
    ///         what they gave. The first withdrawal after the deadline records the proposal as Unfunded.
    /// @return amount The caller's whole contribution.
    function withdrawUnfunded(uint256 proposalId) external nonReentrant returns (uint256 amount) {
        Proposal storage p = _proposal(proposalId);
        if (p.status == ProposalStatus.Funding) {
            if (block.timestamp <= p.deadline) revert FundingStillOpen(proposalId, p.deadline);
            p.status = ProposalStatus.Unfunded;
            emit FundingExpired(proposalId, p.raised);
        } else if (p.status != ProposalStatus.Unfunded && p.status != ProposalStatus.Cancelled) {
            revert WrongStatus(proposalId, p.status);
        }
        amount = contributionOf[proposalId][msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        contributionOf[proposalId][msg.sender] = 0;
        p.refunded += uint128(amount);
        p.refundedContribution += uint128(amount);
        emit UnfundedWithdrawn(proposalId, msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    function _fund(uint256 proposalId, uint256 amount) private returns (uint256 accepted) {
        if (amount == 0) revert ZeroAmount();
        Proposal storage p = _proposal(proposalId);
        _requireStatus(proposalId, p, ProposalStatus.Funding);
        if (block.timestamp > p.deadline) revert FundingClosed(proposalId, p.deadline);
        uint256 missing = p.goal - p.raised;
        accepted = amount < missing ? amount : missing;
        uint256 raised = p.raised + accepted;
        p.raised = uint128(raised);
        uint256 contribution = contributionOf[proposalId][msg.sender] + accepted;
        contributionOf[proposalId][msg.sender] = contribution;
        emit ProposalBacked(proposalId, msg.sender, accepted, contribution, raised);
        if (raised == p.goal) {
            p.status = ProposalStatus.Funded;
            emit ProposalFunded(proposalId, raised);
        }
        token.safeTransferFrom(msg.sender, address(this), accepted);
    }

    function _scheduleMilestones(uint256 proposalId, uint256 goal, uint256 deadline, MilestoneTerms[] calldata terms)
        private
    {
        if (terms.length == 0 || terms.length > MAX_MILESTONES) revert InvalidTerms("milestone count");
        uint256 total;
        uint256 previousDue = deadline;
        Milestone[] storage milestones = _milestones[proposalId];
        for (uint256 i; i < terms.length; ++i) {
            MilestoneTerms calldata term = terms[i];
            if (term.amount == 0) revert InvalidTerms("milestone amount is zero");
            if (term.dueDate <= previousDue) revert InvalidTerms("due dates must increase after the deadline");
            total += term.amount;
            previousDue = term.dueDate;
            milestones.push(
                Milestone({
                    amount: term.amount,
                    dueDate: term.dueDate,
                    status: MilestoneStatus.Pending,
                    submittedAt: 0,
                    deliverableHash: bytes32(0)
                })
            );
            emit MilestoneScheduled(proposalId, i, term.amount, term.dueDate);
        }
        if (total != goal) revert InvalidTerms("milestones must sum to the goal");
        if (previousDue > deadline + MAX_PROJECT_DURATION) revert InvalidTerms("last milestone too far");
    }

    function _seatPanel(uint256 proposalId, address[] calldata reviewers, uint256 threshold) private {
        address[] storage panel = _reviewers[proposalId];
        mapping(address => uint256) storage slot = _reviewerSlot[proposalId];
        for (uint256 i; i < reviewers.length; ++i) {
            address reviewer = reviewers[i];
            if (reviewer == address(0)) revert InvalidTerms("reviewer is zero");
            if (reviewer == msg.sender) revert InvalidTerms("researcher cannot review");
            if (slot[reviewer] != 0) revert InvalidTerms("duplicate reviewer");
            panel.push(reviewer);
            slot[reviewer] = i + 1;
        }
        emit ReviewPanelSet(proposalId, reviewers, threshold);
    }
}
