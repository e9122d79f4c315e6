package io.cognate.local.dynamo;

/** Where the replicator starts reading the streams that exist when it starts. */
public enum StartPosition {
  /** Replicate everything still in the streams, including writes made before the replicator started. */
  TRIM_HORIZON,
  /** Replicate only writes made after the replicator started. */
  LATEST
}
