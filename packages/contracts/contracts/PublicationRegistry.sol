// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title PublicationRegistry
/// @notice Proof that a document existed at a time: anyone anchors a document's SHA-256 with its metadata
///         (title, authors, DOI if any, link); the block timestamp and the anchoring wallet are recorded and
///         the first anchor of a hash wins. Anyone verifies a file by hashing it locally and reading `anchorOf`.
/// @dev A separate contract from ResearchEscrow because anchoring is useful on its own (a preprint, a data
///      set) and must outlive any escrow version; the escrow anchors milestone deliverables here through
///      `anchorFor` as a recorder the owner allowed, so the researcher, not the escrow, is the anchorer.
///      Like any public timestamping, a hash seen in the mempool can be anchored first by someone else; the
///      escrow still records its deliverable under the researcher's own submission.
contract PublicationRegistry is Ownable2Step {
    /// @notice One anchored document. `anchoredAt` zero means the hash was never anchored.
    struct Publication {
        address anchorer;
        uint64 anchoredAt;
        uint64 blockNumber;
        string title;
        string authors;
        string doi;
        string uri;
    }

    uint256 public constant MAX_TITLE_BYTES = 300;
    uint256 public constant MAX_AUTHORS_BYTES = 600;
    uint256 public constant MAX_DOI_BYTES = 200;
    uint256 public constant MAX_URI_BYTES = 600;

    /// @notice Contracts (ResearchEscrow) allowed to anchor on behalf of the wallet that acted through them.
    mapping(address recorder => bool) public isRecorder;
    mapping(bytes32 documentHash => Publication) private _publications;

    event Anchored(
        bytes32 indexed documentHash,
        address indexed anchorer,
        address indexed recorder,
        uint256 anchoredAt,
        string title,
        string authors,
        string doi,
        string uri
    );
    event RecorderUpdated(address indexed recorder, bool allowed);

    error ZeroHash();
    error ZeroAddress();
    error AlreadyAnchored(bytes32 documentHash, address anchorer, uint256 anchoredAt);
    error MetadataTooLong(string field, uint256 length, uint256 max);
    error NotRecorder(address caller);

    /// @param owner_ May allow and revoke recorders.
    constructor(address owner_) Ownable(owner_) {}

    /// @notice Anchors `documentHash` (the SHA-256 of the file) as the caller's, at this block's timestamp.
    /// @param documentHash SHA-256 of the document's bytes.
    /// @param title Human title (at most 300 bytes).
    /// @param authors Authors as one string (at most 600 bytes).
    /// @param doi DOI if any, else empty (at most 200 bytes).
    /// @param uri Where the document can be read (at most 600 bytes).
    function anchor(
        bytes32 documentHash,
        string calldata title,
        string calldata authors,
        string calldata doi,
        string calldata uri
    ) external {
        _anchor(documentHash, msg.sender, address(0), title, authors, doi, uri);
    }

    /// @notice Anchors `documentHash` for `anchorer`, who acted through the calling recorder contract.
    /// @dev Only a recorder the owner allowed: otherwise anyone could attribute documents to anyone.
    function anchorFor(
        bytes32 documentHash,
        address anchorer,
        string calldata title,
        string calldata authors,
        string calldata doi,
        string calldata uri
    ) external {
        if (!isRecorder[msg.sender]) revert NotRecorder(msg.sender);
        if (anchorer == address(0)) revert ZeroAddress();
        _anchor(documentHash, anchorer, msg.sender, title, authors, doi, uri);
    }

    /// @notice Allows or revokes a recorder contract.
    function setRecorder(address recorder, bool allowed) external onlyOwner {
        if (recorder == address(0)) revert ZeroAddress();
        isRecorder[recorder] = allowed;
        emit RecorderUpdated(recorder, allowed);
    }

    /// @notice The anchor of `documentHash`; `anchoredAt` is zero when it was never anchored.
    function anchorOf(bytes32 documentHash) external view returns (Publication memory) {
        return _publications[documentHash];
    }

    /// @notice Whether `documentHash` has been anchored.
    function isAnchored(bytes32 documentHash) public view returns (bool) {
        return _publications[documentHash].anchoredAt != 0;
    }

    function _anchor(
        bytes32 documentHash,
        address anchorer,
        address recorder,
        string calldata title,
        string calldata authors,
        string calldata doi,
        string calldata uri
    ) private {
        if (documentHash == bytes32(0)) revert ZeroHash();
        Publication storage existing = _publications[documentHash];
        if (existing.anchoredAt != 0) revert AlreadyAnchored(documentHash, existing.anchorer, existing.anchoredAt);
        _checkLength("title", bytes(title).length, MAX_TITLE_BYTES);
        _checkLength("authors", bytes(authors).length, MAX_AUTHORS_BYTES);
        _checkLength("doi", bytes(doi).length, MAX_DOI_BYTES);
        _checkLength("uri", bytes(uri).length, MAX_URI_BYTES);
        _publications[documentHash] = Publication({
            anchorer: anchorer,
            anchoredAt: uint64(block.timestamp),
            blockNumber: uint64(block.number),
            title: title,
            authors: authors,
            doi: doi,
            uri: uri
        });
        emit Anchored(documentHash, anchorer, recorder, block.timestamp, title, authors, doi, uri);
    }

    function _checkLength(string memory field, uint256 length, uint256 max) private pure {
        if (length > max) revert MetadataTooLong(field, length, max);
    }
}
