// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IRevenueReceiver} from "../interfaces/IRevenueReceiver.sol";
import {PublicationRegistry} from "../PublicationRegistry.sol";

/// @title ResearchEscrowBase
/// @notice What every part of ResearchEscrow shares: the token, FARStaking, the publication registry, the
///         treasury, the platform terms new proposals take, the proposal storage, events and errors.
/// @dev The parts (ProposalFunding, MilestoneReview, RemainderRefunds) are abstract contracts on this base,
///      so ResearchEscrow's ABI is the union of theirs. Money is conserved per proposal:
///      `raised = released + refunded + owed`, and the contract's balance is the sum of `owed` over proposals.
abstract contract ResearchEscrowBase is AccessControl, Pausable, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice Sets the platform terms (fee, stakers' share, grace period) for new proposals.
    bytes32 public constant TREASURER_ROLE = keccak256("TREASURER_ROLE");
    /// @notice Pauses and unpauses new proposals and new funding.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Funding: open to backers until the deadline. Funded: goal met, milestones under review.
    ///         Completed: every milestone released. Failed: a milestone was rejected or overdue, backers
    ///         withdraw the unreleased remainder pro rata. Unfunded: the deadline passed short of the goal.
    ///         Cancelled: the researcher withdrew it before it was funded. Unfunded and Cancelled refund in full.
    enum ProposalStatus {
        Funding,
        Funded,
        Completed,
        Failed,
        Unfunded,
        Cancelled
    }

    enum MilestoneStatus {
        Pending,
        Submitted,
        Released,
        Rejected,
        Overdue
    }

    /// @notice What the researcher asks for one milestone: its share of the goal and when it is due.
    struct MilestoneTerms {
        uint128 amount;
        uint64 dueDate;
    }

    struct Milestone {
        uint128 amount;
        uint64 dueDate;
        MilestoneStatus status;
        uint64 submittedAt;
        bytes32 deliverableHash;
    }

    /// @dev The platform terms (fee, stakers' share of it, grace period) are copied in when the proposal
    ///      opens: the owner changing them later never changes what backers and the researcher agreed to.
    struct Proposal {
        address researcher;
        uint64 deadline;
        uint8 threshold;
        uint8 reviewerCount;
        uint8 milestoneCount;
        uint8 currentMilestone;
        ProposalStatus status;
        uint16 feeBps;
        uint16 stakerShareBps;
        uint32 gracePeriod;
        uint128 goal;
        uint128 raised;
        /// Gross FAR released for milestones (researcher's payment plus the platform fee).
        uint128 released;
        /// FAR paid back to backers.
        uint128 refunded;
        /// Sum of the contributions whose refund was already paid: the pro-rata refunds telescope over it.
        uint128 refundedContribution;
        bytes32 metadataHash;
    }

    uint256 public constant BPS = 10_000;
    /// @notice The platform fee on a release can never exceed 10%.
    uint256 public constant MAX_FEE_BPS = 1_000;
    uint256 public constant MAX_GRACE_PERIOD = 365 days;
    uint256 public constant MAX_MILESTONES = 20;
    uint256 public constant MAX_REVIEWERS = 20;
    uint256 public constant MAX_FUNDING_PERIOD = 365 days;
    uint256 public constant MAX_PROJECT_DURATION = 5 * 365 days;

    IERC20 public immutable token;
    IRevenueReceiver public immutable staking;
    PublicationRegistry public immutable registry;

    address public treasury;
    /// @notice Platform fee on each release, in basis points of the milestone amount (for new proposals).
    uint256 public feeBps;
    /// @notice The stakers' part of that fee in basis points; the treasury takes the rest of the fee.
    uint256 public stakerShareBps;
    /// @notice Seconds after a milestone's due date before it counts as overdue (for new proposals).
    uint256 public gracePeriod;
    /// @notice Proposals are numbered from 1.
    uint256 public proposalCount;

    mapping(uint256 proposalId => Proposal) internal _proposals;
    mapping(uint256 proposalId => Milestone[]) internal _milestones;
    mapping(uint256 proposalId => address[]) internal _reviewers;
    /// @dev 1 + the reviewer's index in `_reviewers`, zero for a wallet not on the panel.
    mapping(uint256 proposalId => mapping(address reviewer => uint256)) internal _reviewerSlot;
    /// @notice What each backer gave and has not yet been refunded.
    mapping(uint256 proposalId => mapping(address backer => uint256)) public contributionOf;

    event ProposalOpened(
        uint256 indexed proposalId,
        address indexed researcher,
        uint256 goal,
        uint256 deadline,
        bytes32 metadataHash,
        uint256 feeBps,
        uint256 stakerShareBps,
        uint256 gracePeriod
    );
    event MilestoneScheduled(uint256 indexed proposalId, uint256 indexed milestoneIndex, uint256 amount, uint256 dueDate);
    event ReviewPanelSet(uint256 indexed proposalId, address[] reviewers, uint256 threshold);
    event ProposalBacked(
        uint256 indexed proposalId, address indexed backer, uint256 amount, uint256 contribution, uint256 raised
    );
    event ProposalFunded(uint256 indexed proposalId, uint256 raised);
    event ProposalCancelled(uint256 indexed proposalId);
    event FundingExpired(uint256 indexed proposalId, uint256 raised);
    event UnfundedWithdrawn(uint256 indexed proposalId, address indexed backer, uint256 amount);
    event DeliverableSubmitted(
        uint256 indexed proposalId, uint256 indexed milestoneIndex, bytes32 deliverableHash, string uri
    );
    event MilestoneReleased(
        uint256 indexed proposalId,
        uint256 indexed milestoneIndex,
        bytes32 deliverableHash,
        uint256 researcherAmount,
        uint256 stakersShare,
        uint256 treasuryShare,
        address[] approvers
    );
    event MilestoneRejected(
        uint256 indexed proposalId, uint256 indexed milestoneIndex, bytes32 deliverableHash, address[] rejecters
    );
    event MilestoneOverdue(uint256 indexed proposalId, uint256 indexed milestoneIndex, uint256 dueDate);
    event ProposalCompleted(uint256 indexed proposalId);
    /// @notice `remainder` is what backers share pro rata: raised minus what was released.
    event ProposalFailed(uint256 indexed proposalId, uint256 indexed milestoneIndex, uint256 remainder);
    event RemainderWithdrawn(uint256 indexed proposalId, address indexed backer, uint256 amount, uint256 contribution);
    event PlatformTermsUpdated(uint256 feeBps, uint256 stakerShareBps, uint256 gracePeriod);
    event TreasuryUpdated(address indexed treasury);

    error ZeroAddress();
    error ZeroAmount();
    error UnknownProposal(uint256 proposalId);
    error InvalidTerms(string reason);
    error FeeTooHigh(uint256 feeBps, uint256 max);
    error WrongStatus(uint256 proposalId, ProposalStatus status);
    error FundingClosed(uint256 proposalId, uint256 deadline);
    error FundingStillOpen(uint256 proposalId, uint256 deadline);
    error NotResearcher(address caller);
    error NothingToWithdraw();
    error NotCurrentMilestone(uint256 milestoneIndex, uint256 current);
    error WrongMilestoneStatus(uint256 milestoneIndex, MilestoneStatus status);
    error MilestoneIsOverdue(uint256 milestoneIndex, uint256 overdueAt);
    error MilestoneNotOverdue(uint256 milestoneIndex, uint256 overdueAt);
    error InvalidSignature(uint256 index);
    error NotReviewer(address signer);
    error DuplicateReviewer(address reviewer);
    error BelowThreshold(uint256 signatures, uint256 threshold);

    /// @param token_ The FAR token (EIP-2612 permit for `fundWithPermit`).
    /// @param staking_ FARStaking; it pulls the stakers' share (this contract approves it once).
    /// @param registry_ Where deliverables are anchored (this contract must be one of its recorders).
    /// @param treasury_ Receives the treasury part of each release fee.
    /// @param admin Gets DEFAULT_ADMIN_ROLE (the treasury, roles), TREASURER_ROLE (platform terms) and
    ///        OPERATOR_ROLE (pause); the deploy scripts hand each to its holder.
    constructor(IERC20 token_, IRevenueReceiver staking_, PublicationRegistry registry_, address treasury_, address admin)
        EIP712("Far Labs ResearchEscrow", "1")
    {
        if (
            address(token_) == address(0) || address(staking_) == address(0) || address(registry_) == address(0)
                || treasury_ == address(0) || admin == address(0)
        ) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(TREASURER_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        token = token_;
        staking = staking_;
        registry = registry_;
        treasury = treasury_;
        // One unlimited approval: OZ ERC20 skips the allowance write for max, so each notify is cheap.
        token_.forceApprove(address(staking_), type(uint256).max);
    }

    /// @dev The stored proposal, reverting for an id never opened.
    function _proposal(uint256 proposalId) internal view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.researcher == address(0)) revert UnknownProposal(proposalId);
    }

    function _requireStatus(uint256 proposalId, Proposal storage p, ProposalStatus expected) internal view {
        if (p.status != expected) revert WrongStatus(proposalId, p.status);
    }

    function _pay(address to, uint256 amount) internal {
        if (amount != 0) token.safeTransfer(to, amount);
    }
}
