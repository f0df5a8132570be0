package dev.livesecrets.secrets;

/**
 * How many reads the secrets verticle made since start-up, by outcome.
 *
 * @param started   reads started
 * @param succeeded reads that returned a valid version (changed or not)
 * @param failed    reads that failed (unreachable, timeout, HTTP error)
 * @param rejected  reads that returned a version we refused to apply
 */
public record ReadCounts(long started, long succeeded, long failed, long rejected) {

  public static final ReadCounts NONE = new ReadCounts(0, 0, 0, 0);
}
