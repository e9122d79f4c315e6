package io.cognate.domain;

/**
 * Which region accepts Directory writes, and the epoch it holds that role in. Promotion raises
 * the epoch; a write commits only while this region's copy still names it with the same epoch.
 */
public record LeaderRecord(String activeRegion, long epoch) {
    public boolean isLeader(String region) {
        return activeRegion.equals(region);
    }
}
