package dev.sockloop.connection;

/**
 * What a connection needs to know of its server's configuration.
 *
 * @param serverName name of the server, for logs
 * @param writeHighWaterMark queued outbound bytes above which senders are not asked for more
 * @param writeLowWaterMark queued outbound bytes below which they are asked again
 * @param idleTimeoutNanos time without bytes either way after which the connection is closed; 0 for
 * none
 */
public record ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark,
		long idleTimeoutNanos) {
}
