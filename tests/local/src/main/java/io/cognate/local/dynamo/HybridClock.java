package io.cognate.local.dynamo;

/**
 * Issues strictly increasing write stamps: microseconds since the epoch, bumped by one when the wall clock has not
 * moved (or went back). DynamoDB Local's ApproximateCreationDateTime is truncated to the whole minute, far too
 * coarse to order writes, so the replicator stamps each write when it reads it from a stream instead. Stamps are
 * unique, so two writes never tie.
 */
final class HybridClock {

  private long last;

  synchronized long next() {
    last = Math.max(System.currentTimeMillis() * 1_000, last + 1);
    return last;
  }

  synchronized long last() {
    return last;
  }
}
