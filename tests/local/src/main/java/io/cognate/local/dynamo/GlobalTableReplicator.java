package io.cognate.local.dynamo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Emulates DynamoDB global tables between regions served by separate DynamoDB endpoints (in practice
 * {@link LocalDynamoDb} servers in one JVM): every application write to a global table in one region is applied to
 * the same table in every other region.
 *
 * <p>A background thread reads each region's table streams and applies INSERT and MODIFY records as a PutItem of the
 * new image and REMOVE records as a DeleteItem of the key. These writes carry no application conditions; the
 * replicator is the replication layer, not an application writer.
 *
 * <p><b>Ordering and conflicts.</b> Changes travel in the order they were read from the source's streams.
 * Concurrent writes of one item in different regions are resolved last-writer-wins: each application write is
 * stamped when the replicator reads it from its stream (DynamoDB Local's ApproximateCreationDateTime is truncated to
 * the minute, so it cannot order writes; see {@link HybridClock}), and a change is not applied to a region that
 * already holds a write with a later stamp. So writes further apart than one polling interval are ordered by when
 * they were made; closer ones by when they were read. A write a region made just before a replicated write of the
 * same item landed there is overwritten by it and not replicated (see {@link ItemVersions}). Every region converges
 * on the same item.
 *
 * <p><b>No ping-pong.</b> A replicated write shows up again in the target's stream; that echo is recognised and
 * dropped.
 *
 * <p><b>Failure switches.</b> {@link #setPaused}, {@link #setLagMillis} and {@link #setRegionDown} hold changes back;
 * streams are still read meanwhile, so nothing is lost, and held changes are delivered in order once allowed.
 */
public final class GlobalTableReplicator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GlobalTableReplicator.class);
  private static final int MAX_APPLY_ATTEMPTS = 5;
  private static final long ECHO_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long MAX_WAIT_SLICE_MILLIS = 100;
  private static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<String, ReplicaRegion> regions;
  private final List<String> tables;
  private final List<StreamTailer> tailers;
  private final List<DirectionQueue> queues;
  private final Map<String, List<DirectionQueue>> queuesFrom = new LinkedHashMap<>();
  private final long pollIntervalNanos;
  private final long idlePollIntervalNanos;
  private final ItemVersions versions = new ItemVersions();
  private final HybridClock clock = new HybridClock();
  private final Set<StreamTailer> failingTailers = new HashSet<>();
  private final AtomicLong observedWrites = new AtomicLong();
  private final Thread loop;
  private final List<ReplicatedWriteListener> listeners;

  private volatile boolean running = true;
  private volatile boolean paused;
  private volatile long lagNanos;
  private final Set<String> downRegions = ConcurrentHashMap.newKeySet();

  // Progress of the loop, published at the end of every cycle for awaitReplicated().
  private final Object progress = new Object();
  private volatile long cyclesStarted;
  private long lastCaughtUpCycle; // guarded by progress: last cycle that read every stream to its end
  private long observedThrough; // guarded by progress: stamp of the last write read
  private long settledThrough; // guarded by progress: every write stamped up to here is delivered and echoed

  private GlobalTableReplicator(Builder builder) {
    this.regions = Map.copyOf(builder.regions);
    this.tables = List.copyOf(builder.tables);
    this.listeners = List.copyOf(builder.listeners);
    this.pollIntervalNanos = builder.pollInterval.toNanos();
    this.idlePollIntervalNanos = Math.max(pollIntervalNanos, builder.idlePollInterval.toNanos());
    this.tailers = new ArrayList<>();
    for (ReplicaRegion region : builder.regions.values()) {
      for (String table : tables) {
        var tailer = new StreamTailer(region.name(), table, streamArn(region, table), region.streams());
        tailer.start(builder.startPosition);
        tailers.add(tailer);
      }
    }
    this.queues = new ArrayList<>();
    for (String from : builder.regions.keySet()) {
      List<DirectionQueue> outgoing = new ArrayList<>();
      for (String to : builder.regions.keySet()) {
        if (!from.equals(to)) {
          outgoing.add(new DirectionQueue(from, to));
        }
      }
      queuesFrom.put(from, outgoing);
      queues.addAll(outgoing);
    }
    this.loop = Thread.ofPlatform().name("global-table-replicator").daemon().unstarted(this::runLoop);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The region names, in the order they were added. */
  public List<String> regions() {
    return List.copyOf(queuesFrom.keySet());
  }

  /** The replicated tables. */
  public List<String> tables() {
    return tables;
  }

  // ---- switches -------------------------------------------------------------------------------------------------

  /** While paused nothing is applied; changes keep being read and are applied in order on resume. */
  public void setPaused(boolean paused) {
    this.paused = paused;
    wakeUp();
  }

  public void pause() {
    setPaused(true);
  }

  public void resume() {
    setPaused(false);
  }

  public boolean isPaused() {
    return paused;
  }

  /** A change is applied only once it is at least this old (measured from when it was read; 0 = no lag). */
  public void setLagMillis(long lagMillis) {
    if (lagMillis < 0) {
      throw new IllegalArgumentException("lag must not be negative: " + lagMillis);
    }
    this.lagNanos = TimeUnit.MILLISECONDS.toNanos(lagMillis);
    wakeUp();
  }

  public long lagMillis() {
    return TimeUnit.NANOSECONDS.toMillis(lagNanos);
  }

  /**
   * Emulates a regional outage of replication: a down region neither sends nor receives changes. Its writes made
   * meanwhile (or not yet delivered when it went down) are delivered once it is back up, as are writes to it.
   */
  public void setRegionDown(String region, boolean down) {
    if (!regions.containsKey(region)) {
      throw new IllegalArgumentException("unknown region " + region + "; known: " + regions());
    }
    if (down) {
      downRegions.add(region);
    } else {
      downRegions.remove(region);
    }
    wakeUp();
  }

  public boolean isRegionDown(String region) {
    return downRegions.contains(region);
  }

  // ---- waiting --------------------------------------------------------------------------------------------------

  /**
   * Waits until every write made to a replicated table in any region before this call has been applied (or
   * superseded) in every other region, and the replicator's own writes have been read back from the streams.
   * Works by reading the streams to their ends, not by sleeping; with a lag set it takes at least that long.
   *
   * @return true once replicated; false if {@code timeout} passed first (or the thread was interrupted)
   * @throws IllegalStateException at once, rather than waiting in vain, if replication is paused, a region is down
   *     or the replicator is closed (also when that happens while waiting)
   */
  public boolean awaitReplicated(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long firstCycle = cyclesStarted + 1; // the first cycle to start after this call
    LockSupport.unpark(loop); // start it now rather than after the polling interval
    synchronized (progress) {
      long mark = -1;
      while (true) {
        requireFlowing();
        if (mark < 0 && lastCaughtUpCycle >= firstCycle) {
          mark = observedThrough; // every write made before the call is read, and stamped no later than this
        }
        if (mark >= 0 && settledThrough >= mark) {
          return true;
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis <= 0) {
          return false;
        }
        try {
          progress.wait(Math.min(remainingMillis, MAX_WAIT_SLICE_MILLIS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private void requireFlowing() {
    if (!running || !loop.isAlive()) {
      throw new IllegalStateException("the replicator is not running");
    }
    if (paused) {
      throw new IllegalStateException("replication is paused, so nothing would be replicated; resume() first");
    }
    if (!downRegions.isEmpty()) {
      throw new IllegalStateException("regions " + downRegions + " are down, so replication cannot complete");
    }
  }

  // ---- observability --------------------------------------------------------------------------------------------

  /** One entry per direction (ordered pair of regions). */
  public List<DirectionStats> stats() {
    long now = System.nanoTime();
    return queues.stream().map(q -> q.stats(now)).toList();
  }

  public DirectionStats stats(String from, String to) {
    return queue(from, to).stats(System.nanoTime());
  }

  /** Changes written from {@code from} to {@code to} so far. */
  public long appliedCount(String from, String to) {
    return queue(from, to).applied();
  }

  /** Age of the oldest change waiting to go from {@code from} to {@code to}; zero when nothing waits. */
  public Duration replicationLag(String from, String to) {
    return stats(from, to).oldestPendingAge();
  }

  /** Application writes read from the streams so far (the replicator's own writes are not counted). */
  public long observedWrites() {
    return observedWrites.get();
  }

  private DirectionQueue queue(String from, String to) {
    return queuesFrom.getOrDefault(from, List.of()).stream()
        .filter(q -> q.to.equals(to))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no direction " + from + " -> " + to + "; regions: " + regions()));
  }

  // ---- the loop -------------------------------------------------------------------------------------------------

  private GlobalTableReplicator startLoop() {
    loop.start();
    log.info("replicating {} between {}", tables, regions());
    return this;
  }

  private void runLoop() {
    long lastActivityNanos = System.nanoTime();
    while (running) {
      long cycle = ++cyclesStarted;
      boolean busy = false;
      try {
        StreamsRead read = readStreams();
        boolean delivered = deliverReady();
        busy = delivered || read.records() > 0; // then look again at once, for echoes and further writes
        int abandoned = versions.abandonEchoesAppliedBefore(System.nanoTime() - ECHO_PATIENCE_NANOS);
        if (abandoned > 0) {
          log.warn("{} replicated writes were never seen in their target's stream; stopped waiting for them", abandoned);
        }
        publishProgress(cycle, read.caughtUp());
      } catch (RuntimeException e) {
        log.error("replication cycle failed; continuing", e);
      }
      long now = System.nanoTime();
      if (busy) {
        lastActivityNanos = now;
      } else if (running) {
        boolean idle = now - lastActivityNanos > IDLE_AFTER_NANOS && queues.stream().allMatch(q -> q.head() == null);
        LockSupport.parkNanos(this, idle ? idlePollIntervalNanos : pollIntervalNanos);
      }
    }
  }

  private record StreamsRead(int records, boolean caughtUp) {}

  /** Reads every stream; reports how many records were read and whether every stream was read to its end. */
  private StreamsRead readStreams() {
    int count = 0;
    boolean caughtUp = true;
    for (StreamTailer tailer : tailers) {
      try {
        count += tailer.poll(record -> observe(tailer, record));
        caughtUp &= tailer.caughtUp();
        if (failingTailers.remove(tailer)) {
          log.info("reading the {} stream works again", tailer);
        }
      } catch (RuntimeException e) {
        caughtUp = false;
        if (failingTailers.add(tailer)) {
          log.warn("reading the {} stream failed; retrying every poll: {}", tailer, e.toString());
        } else {
          log.debug("reading the {} stream failed again", tailer, e);
        }
      }
    }
    return new StreamsRead(count, caughtUp);
  }

  private void observe(StreamTailer tailer, Record record) {
    try {
      OperationType operation = record.eventName();
      if (operation == null || operation == OperationType.UNKNOWN_TO_SDK_VERSION) {
        log.warn("ignoring stream record {} of {} with unknown event {}", record.eventID(), tailer, record.eventNameAsString());
        return;
      }
      var item = new ItemKey(tailer.table(), record.dynamodb().keys());
      Map<String, AttributeValue> newImage = operation == OperationType.REMOVE ? null : record.dynamodb().newImage();
      switch (versions.observe(tailer.region(), item, newImage)) {
        case ECHO -> { }
        case OVERWRITTEN -> log.debug("{} write of {} was overwritten by a replicated write; not replicating it",
            tailer.region(), item);
        case LOCAL_WRITE -> {
          var change = new ChangeRecord(tailer.region(), item, newImage, clock.next(), System.nanoTime());
          List<DirectionQueue> outgoing = queuesFrom.get(tailer.region());
          versions.localWrite(tailer.region(), item, change.stamp(), outgoing.size());
          outgoing.forEach(q -> q.add(change));
          observedWrites.incrementAndGet();
        }
      }
    } catch (RuntimeException e) {
      log.error("cannot replicate stream record {} of {}; skipping it", record.eventID(), tailer, e);
    }
  }

  /** Delivers every change that may go now; returns whether anything was delivered. */
  private boolean deliverReady() {
    boolean delivered = false;
    for (DirectionQueue queue : queues) {
      ChangeRecord head;
      while (mayFlow(queue) && (head = queue.head()) != null && head.ageNanos(System.nanoTime()) >= lagNanos) {
        if (!deliver(queue, head)) {
          break; // failed; retried next cycle, keeping the order
        }
        delivered = true;
      }
    }
    return delivered;
  }

  private boolean mayFlow(DirectionQueue queue) {
    return running && !paused && !downRegions.contains(queue.from) && !downRegions.contains(queue.to);
  }

  private boolean deliver(DirectionQueue queue, ChangeRecord change) {
    if (versions.heldIsNewer(queue.to, change.item(), change.stamp())) {
      log.debug("{} already holds a later write of {}; skipping the one from {}", queue.to, change.item(), queue.from);
      queue.supersededHead();
    } else {
      try {
        Map<String, AttributeValue> old = write(regions.get(queue.to).dynamo(), change);
        boolean changed = change.isRemove() ? !old.isEmpty() : !change.newImage().equals(old);
        versions.applied(queue.to, change, changed, System.nanoTime());
        queue.appliedHead(System.nanoTime());
        if (changed) {
          tellListeners(queue.to, change, old);
        }
      } catch (RuntimeException e) {
        int attempts = queue.headFailed();
        if (attempts < MAX_APPLY_ATTEMPTS) {
          log.warn("applying a write of {} {} failed (attempt {}); will retry: {}", change.item(), queue, attempts,
              e.toString());
          return false;
        }
        log.error("giving up replicating a write of {} {} after {} attempts", change.item(), queue, attempts, e);
        queue.failedHead();
      }
    }
    versions.delivered(change.item());
    return true;
  }

  /** Applies a change; returns the image it replaced (empty: none). */
  private static Map<String, AttributeValue> write(DynamoDbClient dynamo, ChangeRecord change) {
    String table = change.item().table();
    if (change.isRemove()) {
      var response = dynamo.deleteItem(b -> b.tableName(table).key(change.item().key()).returnValues(ReturnValue.ALL_OLD));
      return response.attributes();
    }
    var response = dynamo.putItem(b -> b.tableName(table).item(change.newImage()).returnValues(ReturnValue.ALL_OLD));
    return response.attributes();
  }

  private void tellListeners(String region, ChangeRecord change, Map<String, AttributeValue> old) {
    for (ReplicatedWriteListener listener : listeners) {
      try {
        listener.applied(region, change.item().table(), old.isEmpty() ? null : old, change.newImage());
      } catch (RuntimeException e) {
        log.error("a replicated-write listener failed on {} in {}", change.item(), region, e);
      }
    }
  }

  private void publishProgress(long cycle, boolean caughtUp) {
    long oldestUnsettled = versions.oldestAwaitedEchoStamp();
    for (DirectionQueue queue : queues) {
      ChangeRecord head = queue.head();
      if (head != null) {
        oldestUnsettled = Math.min(oldestUnsettled, head.stamp());
      }
    }
    long observed = clock.last();
    synchronized (progress) {
      if (caughtUp) {
        lastCaughtUpCycle = cycle;
      }
      observedThrough = observed;
      settledThrough = oldestUnsettled == Long.MAX_VALUE ? observed : oldestUnsettled - 1;
      progress.notifyAll();
    }
  }

  private void wakeUp() {
    LockSupport.unpark(loop);
    synchronized (progress) {
      progress.notifyAll(); // waiters re-check the switches
    }
  }

  /** Stops the background thread. The region clients are the caller's and stay open. */
  @Override
  public void close() {
    running = false;
    wakeUp();
    if (Thread.currentThread() == loop) {
      return;
    }
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loop.isAlive()) {
      log.warn("the replicator thread did not stop within 10 s");
    }
  }

  private static String streamArn(ReplicaRegion region, String table) {
    TableDescription description = region.dynamo().describeTable(b -> b.tableName(table)).table();
    StreamSpecification stream = description.streamSpecification();
    boolean imagesStreamed = stream != null && Boolean.TRUE.equals(stream.streamEnabled())
        && (stream.streamViewType() == StreamViewType.NEW_AND_OLD_IMAGES
            || stream.streamViewType() == StreamViewType.NEW_IMAGE);
    if (!imagesStreamed || description.latestStreamArn() == null) {
      throw new IllegalStateException("table " + table + " in " + region.name()
          + " has no stream with new images, so it cannot be replicated (see CognateTables)");
    }
    return description.latestStreamArn();
  }

  /** Configures and starts a {@link GlobalTableReplicator}. */
  public static final class Builder {

    private final Map<String, ReplicaRegion> regions = new LinkedHashMap<>();
    private final List<String> tables = new ArrayList<>();
    private StartPosition startPosition = StartPosition.TRIM_HORIZON;
    private Duration pollInterval = Duration.ofMillis(50);
    private Duration idlePollInterval;
    private final List<ReplicatedWriteListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Told of every write applied to a region, with the image it replaced (conflict detection). */
    public Builder onReplicatedWrite(ReplicatedWriteListener listener) {
      listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    public Builder region(ReplicaRegion region) {
      if (regions.putIfAbsent(region.name(), region) != null) {
        throw new IllegalArgumentException("region " + region.name() + " added twice");
      }
      return this;
    }

    public Builder region(LocalDynamoDb db) {
      return region(ReplicaRegion.of(db));
    }

    /** The global tables; every region must have them, with a stream (see {@link CognateTables}). */
    public Builder tables(Collection<String> tables) {
      this.tables.addAll(tables);
      return this;
    }

    public Builder tables(String... tables) {
      return tables(List.of(tables));
    }

    /** Default {@link StartPosition#TRIM_HORIZON}: writes made before the start are replicated too. */
    public Builder startPosition(StartPosition startPosition) {
      this.startPosition = Objects.requireNonNull(startPosition);
      return this;
    }

    /** How long the loop sleeps between polls of the streams when they have nothing new; default 50 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval);
      return this;
    }

    /**
     * The polling interval once nothing has happened for a second; default: the same as {@link #pollInterval}.
     * Polling costs CPU even when idle (with DynamoDB Local in-process, about 3.5 ms per stream per poll, so two
     * regions with three tables at 50 ms use about a third of a core); a longer idle interval saves that at the
     * price of the first write after a quiet spell replicating later. {@link #awaitReplicated} is not slowed.
     */
    public Builder idlePollInterval(Duration idlePollInterval) {
      this.idlePollInterval = positive(idlePollInterval);
      return this;
    }

    private static Duration positive(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("a polling interval must be positive: " + interval);
      }
      return interval;
    }

    /** Checks every table's stream in every region, fixes the start position and starts replicating. */
    public GlobalTableReplicator start() {
      if (regions.size() < 2) {
        throw new IllegalStateException("replication needs at least two regions, got " + regions.keySet());
      }
      if (tables.isEmpty() || tables.stream().distinct().count() != tables.size()) {
        throw new IllegalStateException("need distinct tables to replicate, got " + tables);
      }
      if (idlePollInterval == null) {
        idlePollInterval = pollInterval;
      }
      return new GlobalTableReplicator(this).startLoop();
    }
  }
}
