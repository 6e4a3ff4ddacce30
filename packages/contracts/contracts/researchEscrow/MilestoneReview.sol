// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ResearchEscrowBase} from "./ResearchEscrowBase.sol";

/// @title MilestoneReview
/// @notice Milestones are delivered and decided one at a time, in order. The researcher submits a
///         deliverable's SHA-256 (anchored in the PublicationRegistry); k of the n reviewers sign an EIP-712
///         `MilestoneReview` approving (or rejecting) exactly that deliverable, and anyone submits the
///         signatures in one transaction. A release pays the researcher the milestone minus the platform
///         fee, the stakers their part of the fee through FARStaking, the treasury the rest of it. k
///         rejections, or the milestone still unreleased past its due date plus the grace period, fail the
///         proposal: backers then share the unreleased remainder pro rata.
/// @dev Signatures rather than on-chain votes: reviewers pay no gas and the API keeps each signature beside
///      the written review it belongs to. Replay is closed by the struct (proposal id, milestone index,
///      deliverable hash, decision) and the domain (chain id, this contract); a released or rejected
///      milestone cannot be decided again. Payments are pushed: FAR has no transfer hooks, so no recipient
///      can block a release. k need not exceed n/2, so a panel could hold k approvals and k rejections of the
///      same deliverable; the first decision submitted wins.
abstract contract MilestoneReview is ResearchEscrowBase {
    /// @notice keccak256 of the EIP-712 struct type reviewers sign.
    bytes32 public constant MILESTONE_REVIEW_TYPEHASH =
        keccak256("MilestoneReview(uint256 proposalId,uint256 milestoneIndex,bytes32 deliverableHash,bool approved)");

    /// @notice The researcher submits (or, before a decision, replaces) the current milestone's deliverable.
    ///         It is anchored in the registry for the researcher unless that hash is already anchored.
    ///         Replacing it voids signatures collected for the previous hash.
    /// @param proposalId A Funded proposal.
    /// @param milestoneIndex The current milestone (milestones are delivered in order).
    /// @param deliverableHash SHA-256 of the deliverable document.
    /// @param title Title recorded with the anchor.
    /// @param uri Where reviewers and the public read it.
    function submitDeliverable(
        uint256 proposalId,
        uint256 milestoneIndex,
        bytes32 deliverableHash,
        string calldata title,
        string calldata uri
    ) external nonReentrant {
        Proposal storage p = _proposal(proposalId);
        if (msg.sender != p.researcher) revert NotResearcher(msg.sender);
        Milestone storage m = _openMilestone(proposalId, p, milestoneIndex);
        if (m.status != MilestoneStatus.Pending && m.status != MilestoneStatus.Submitted) {
            revert WrongMilestoneStatus(milestoneIndex, m.status);
        }
        if (deliverableHash == bytes32(0)) revert InvalidTerms("deliverable hash is zero");
        m.status = MilestoneStatus.Submitted;
        m.deliverableHash = deliverableHash;
        m.submittedAt = uint64(block.timestamp);
        emit DeliverableSubmitted(proposalId, milestoneIndex, deliverableHash, uri);
        if (!registry.isAnchored(deliverableHash)) {
            registry.anchorFor(deliverableHash, msg.sender, title, "", "", uri);
        }
    }

    /// @notice Releases the current milestone with at least k approvals of its submitted deliverable.
    /// @param signatures 65-byte ECDSA signatures of `MilestoneReview(proposalId, milestoneIndex,
    ///        deliverableHash, true)`, each from a different panel reviewer, in any order.
    /// @return researcherAmount What the researcher received (the milestone minus the platform fee).
    function releaseMilestone(uint256 proposalId, uint256 milestoneIndex, bytes[] calldata signatures)
        external
        nonReentrant
        returns (uint256 researcherAmount)
    {
        Proposal storage p = _proposal(proposalId);
        Milestone storage m = _openMilestone(proposalId, p, milestoneIndex);
        if (m.status != MilestoneStatus.Submitted) revert WrongMilestoneStatus(milestoneIndex, m.status);
        address[] memory approvers = _recoverPanel(proposalId, p, milestoneIndex, m.deliverableHash, true, signatures);
        m.status = MilestoneStatus.Released;
        uint256 amount = m.amount;
        p.released += uint128(amount);
        p.currentMilestone = uint8(milestoneIndex + 1);
        uint256 fee = amount * p.feeBps / BPS;
        uint256 stakersShare = fee * p.stakerShareBps / BPS;
        uint256 treasuryShare = fee - stakersShare;
        researcherAmount = amount - fee;
        emit MilestoneReleased(
            proposalId, milestoneIndex, m.deliverableHash, researcherAmount, stakersShare, treasuryShare, approvers
        );
        if (milestoneIndex + 1 == p.milestoneCount) {
            p.status = ProposalStatus.Completed;
            emit ProposalCompleted(proposalId);
        }
        _pay(p.researcher, researcherAmount);
        _pay(treasury, treasuryShare);
        if (stakersShare != 0) staking.notifyRevenue(stakersShare);
    }

    /// @notice Rejects the current milestone's submitted deliverable with at least k rejections; the
    ///         proposal fails and backers withdraw the unreleased remainder pro rata.
    /// @param signatures Signatures of `MilestoneReview(proposalId, milestoneIndex, deliverableHash, false)`.
    function rejectMilestone(uint256 proposalId, uint256 milestoneIndex, bytes[] calldata signatures) external {
        Proposal storage p = _proposal(proposalId);
        _requireStatus(proposalId, p, ProposalStatus.Funded);
        if (milestoneIndex != p.currentMilestone) revert NotCurrentMilestone(milestoneIndex, p.currentMilestone);
        Milestone storage m = _milestones[proposalId][milestoneIndex];
        if (m.status != MilestoneStatus.Submitted) revert WrongMilestoneStatus(milestoneIndex, m.status);
        address[] memory rejecters = _recoverPanel(proposalId, p, milestoneIndex, m.deliverableHash, false, signatures);
        m.status = MilestoneStatus.Rejected;
        emit MilestoneRejected(proposalId, milestoneIndex, m.deliverableHash, rejecters);
        _fail(proposalId, p, milestoneIndex);
    }

    /// @notice Anyone fails a proposal whose current milestone is still unreleased past its due date plus
    ///         the grace period (submitted or not: a silent panel protects the backers).
    function failOverdueMilestone(uint256 proposalId) external {
        Proposal storage p = _proposal(proposalId);
        _requireStatus(proposalId, p, ProposalStatus.Funded);
        uint256 index = p.currentMilestone;
        Milestone storage m = _milestones[proposalId][index];
        uint256 overdueAt = uint256(m.dueDate) + p.gracePeriod;
        if (block.timestamp <= overdueAt) revert MilestoneNotOverdue(index, overdueAt);
        m.status = MilestoneStatus.Overdue;
        emit MilestoneOverdue(proposalId, index, m.dueDate);
        _fail(proposalId, p, index);
    }

    /// @notice The EIP-712 digest a reviewer signs for one decision on one deliverable.
    function milestoneReviewDigest(uint256 proposalId, uint256 milestoneIndex, bytes32 deliverableHash, bool approved)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(MILESTONE_REVIEW_TYPEHASH, proposalId, milestoneIndex, deliverableHash, approved))
        );
    }

    /// @dev The current milestone of a Funded proposal, not yet overdue.
    function _openMilestone(uint256 proposalId, Proposal storage p, uint256 milestoneIndex)
        private
        view
        returns (Milestone storage m)
    {
        _requireStatus(proposalId, p, ProposalStatus.Funded);
        if (milestoneIndex != p.currentMilestone) revert NotCurrentMilestone(milestoneIndex, p.currentMilestone);
        m = _milestones[proposalId][milestoneIndex];
        uint256 overdueAt = uint256(m.dueDate) + p.gracePeriod;
        if (block.timestamp > overdueAt) revert MilestoneIsOverdue(milestoneIndex, overdueAt);
    }

    /// @dev The distinct panel reviewers who signed this decision; reverts on a bad signature, a signer off
    ///      the panel, the same reviewer twice, or fewer than k.
    function _recoverPanel(
        uint256 proposalId,
        Proposal storage p,
        uint256 milestoneIndex,
        bytes32 deliverableHash,
        bool approved,
        bytes[] calldata signatures
    ) private view returns (address[] memory signers) {
        if (signatures.length < p.threshold) revert BelowThreshold(signatures.length, p.threshold);
        bytes32 digest = milestoneReviewDigest(proposalId, milestoneIndex, deliverableHash, approved);
        mapping(address => uint256) storage slotOf = _reviewerSlot[proposalId];
        signers = new address[](signatures.length);
        uint256 seen;
        for (uint256 i; i < signatures.length; ++i) {
            (address signer, ECDSA.RecoverError failure,) = ECDSA.tryRecover(digest, signatures[i]);
            if (failure != ECDSA.RecoverError.NoError) revert InvalidSignature(i);
            uint256 slot = slotOf[signer];
            if (slot == 0) revert NotReviewer(signer);
            uint256 bit = 1 << (slot - 1);
            if (seen & bit != 0) revert DuplicateReviewer(signer);
            seen |= bit;
            signers[i] = signer;
        }
    }

    function _fail(uint256 proposalId, Proposal storage p, uint256 milestoneIndex) private {
        p.status = ProposalStatus.Failed;
        emit ProposalFailed(proposalId, milestoneIndex, uint256(p.raised) - p.released);
    }
}
