// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LockTiers
/// @notice FARStaking's lock tiers: how long each locks a position and how much it weighs in rewards.
///         The TypeScript `lockTiers` table in src/lockTiers.ts mirrors it.
abstract contract LockTiers {
    /// @notice Lock tiers 0..4 = none, 30, 90, 180, 365 days.
    uint8 public constant LOCK_TIER_COUNT = 5;

    error InvalidLockTier(uint8 lockTier);

    /// @notice Lock length of a tier in seconds.
    function lockTierDuration(uint8 lockTier) public pure returns (uint256) {
        if (lockTier == 0) return 0;
        if (lockTier == 1) return 30 days;
        if (lockTier == 2) return 90 days;
        if (lockTier == 3) return 180 days;
        if (lockTier == 4) return 365 days;
        revert InvalidLockTier(lockTier);
    }

    /// @notice Reward weight of a tier in basis points (10000 = 1x).
    function lockTierMultiplierBps(uint8 lockTier) public pure returns (uint256) {
        if (lockTier == 0) return 10_000;
        if (lockTier == 1) return 11_000;
        if (lockTier == 2) return 12_500;
        if (lockTier == 3) return 15_000;
        if (lockTier == 4) return 20_000;
        revert InvalidLockTier(lockTier);
    }
}
