package io.cognate.domain.failover;

/**
 * What a traffic switch did: {@code change} identifies it at the provider (a Route 53 change id,
 * the routing controls set); {@code inSync} says whether the provider reported it propagated.
 */
public record TrafficFlip(String region, String change, boolean inSync) {
}
