package io.cognate.local.dynamo;

import java.util.List;
import java.util.Objects;

/**
 * The physical names of Cognate's tables in one deployment.
 *
 * @param directory users, clients and pools (global)
 * @param sessions refresh tokens and sessions (global)
 * @param control configuration and key material (global)
 * @param lockout failed-sign-in counters (regional: counting stays in the region that saw the attempts)
 */
public record TableNames(String directory, String sessions, String control, String lockout) {

  public TableNames {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(lockout, "lockout");
    if (List.of(directory, sessions, control, lockout).stream().distinct().count() != 4) {
      throw new IllegalArgumentException("table names must be distinct: " + List.of(directory, sessions, control, lockout));
    }
  }

  /** {@code <prefix>-directory}, {@code <prefix>-sessions}, {@code <prefix>-control}, {@code <prefix>-lockout}. */
  public static TableNames withPrefix(String prefix) {
    return new TableNames(prefix + "-directory", prefix + "-sessions", prefix + "-control", prefix + "-lockout");
  }

  /** The names used by the local stack: {@code cognate-directory} and so on. */
  public static TableNames defaults() {
    return withPrefix("cognate");
  }

  /** Tables replicated to every region (DynamoDB global tables). */
  public List<String> global() {
    return List.of(directory, sessions, control);
  }

  /** Tables that exist in every region but are never replicated. */
  public List<String> regional() {
    return List.of(lockout);
  }

  public List<String> all() {
    return List.of(directory, sessions, control, lockout);
  }

  public boolean isGlobal(String table) {
    return global().contains(table);
  }
}
