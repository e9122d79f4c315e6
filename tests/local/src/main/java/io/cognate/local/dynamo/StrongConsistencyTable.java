package io.cognate.local.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local stand-in for a global table with multi-Region strong consistency (MRSC): the Claims
 * table of strong mode ({@code ReplicationConsistency: STRONG}), which holds the leader record's
 * authority and the username claims.
 *
 * <p><b>One copy, shared by every region.</b> What MRSC promises a client is what a single,
 * serialized copy gives: a write returns only once it is durable beyond the writing region, a
 * strongly consistent read in any region returns the latest write from any region, and conditional
 * writes of one item from different regions are serialized (the loser's condition sees the
 * winner's write). So the table lives in one DynamoDB Local and every region's functions are
 * handed that server's client for it. The stream replicator never sees it: nothing is replicated
 * after the fact, because there is no second copy to fall behind. A synchronous replication hook
 * (apply each write to every region's copy before returning) would have needed a global lock
 * around every conditional write to serialize them; the single copy is that lock, for free.
 *
 * <p>What it does not model: the added latency of the cross-region quorum write (AWS's numbers are
 * in docs/architecture.md, "Strong mode (MRSC)"), {@code ReplicatedWriteConflictException} (the
 * adapters retry it, bounded), and a region cut off from the other two, which on AWS fails its MRSC
 * calls; locally that region would keep reaching the one copy.
 */
public final class StrongConsistencyTable {
  private final DynamoDbClient client;
  private final String name;

  private StrongConsistencyTable(DynamoDbClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /** Creates {@code name} (keys {@code pk}/{@code sk}, no stream: nothing replicates it) on the server {@code client} talks to. */
  public static StrongConsistencyTable create(DynamoDbClient client, String name) {
    new CognateTables(TableNames.defaults()).createRegionalIfMissing(client, name);
    return new StrongConsistencyTable(client, name);
  }

  public String name() {
    return name;
  }

  /** The client region {@code region}'s functions reach the table with: the same one copy for every region. */
  public DynamoDbClient clientFor(String region) {
    return client;
  }
}
