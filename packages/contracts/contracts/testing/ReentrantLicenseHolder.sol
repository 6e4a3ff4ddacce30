// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ReentrantLicenseHolder
/// @notice Test-only attacker for GameLicenses: a contract wallet that buys, lists or withdraws through
///         `act`, and when GameLicenses hands it a licence (onERC1155Received) calls back into
///         GameLicenses with the calldata set by `setReentry`, bubbling that call's revert so a test sees
///         why it failed. Never deployed outside tests.
contract ReentrantLicenseHolder is IERC1155Receiver {
    address public immutable target;
    bytes public reentry;
    uint256 public reentries;

    constructor(address target_, IERC20 token) {
        target = target_;
        token.approve(target_, type(uint256).max);
    }

    /// @notice What to call on GameLicenses from inside the next licence receipt (empty: nothing).
    function setReentry(bytes calldata data) external {
        reentry = data;
    }

    /// @notice Calls GameLicenses as this contract, bubbling a revert.
    function act(bytes calldata data) external returns (bytes memory result) {
        return _call(data);
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        returns (bytes4)
    {
        _reenter();
        return this.onERC1155BatchReceived.selector;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    function _reenter() private {
        if (reentry.length == 0) return;
        ++reentries;
        _call(reentry);
    }

    function _call(bytes memory data) private returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }
}
