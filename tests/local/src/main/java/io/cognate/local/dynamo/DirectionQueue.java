package io.cognate.local.dynamo;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Changes waiting to travel from one region to another, in the order they were read, with that direction's
 * counters. Only the loop thread changes it; other threads read the counters and the head for statistics.
 */
final class DirectionQueue {

  final String from;
  final String to;
  private final ConcurrentLinkedDeque<ChangeRecord> pending = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile long lastApplyLagNanos;
  private int headAttempts;

  DirectionQueue(String from, String to) {
    this.from = from;
    this.to = to;
  }

  void add(ChangeRecord change) {
    pending.addLast(change);
    size.incrementAndGet();
  }

  ChangeRecord head() {
    return pending.peekFirst();
  }

  void appliedHead(long nowNanos) {
    lastApplyLagNanos = removeHead().ageNanos(nowNanos);
    applied.incrementAndGet();
  }

  void supersededHead() {
    removeHead();
    superseded.incrementAndGet();
  }

  void failedHead() {
    removeHead();
    failed.incrementAndGet();
  }

  /** Counts a failed attempt to apply the head; returns how many attempts it has had. */
  int headFailed() {
    return ++headAttempts;
  }

  private ChangeRecord removeHead() {
    headAttempts = 0;
    size.decrementAndGet();
    return pending.removeFirst();
  }

  long applied() {
    return applied.get();
  }

  DirectionStats stats(long nowNanos) {
    ChangeRecord oldest = pending.peekFirst();
    long ageNanos = oldest == null ? 0 : Math.max(0, oldest.ageNanos(nowNanos));
    return new DirectionStats(from, to, applied.get(), superseded.get(), failed.get(), size.get(),
        Duration.ofNanos(ageNanos), Duration.ofNanos(lastApplyLagNanos));
  }

  @Override
  public String toString() {
    return from + "->" + to;
  }
}
