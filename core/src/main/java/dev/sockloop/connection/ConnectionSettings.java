package dev.sockloop.connection;

/**
 * What a connection needs to know of its server's configuration.
 *
 * @param serverName name of the server, for logs
 * @param writeHighWaterMark queued outbound bytes above which senders are not asked for more
 * @param writeLowWaterMark queued outbound bytes below which they are asked again
 * @param idleTimeoutNanos time without bytes either way after which the connection is closed; 0 for
 * none
 * @param readTimeoutNanos time without bytes received after which the connection is closed; 0 for
 * none
 * @param writeTimeoutNanos time queued writes may make no progress before the connection is closed;
 * 0 for none
 */
public record ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark,
		long idleTimeoutNanos, long readTimeoutNanos, long writeTimeoutNanos) {

	/**
	 * Whether any timeout is set, so that the connection must track activity.
	 * @return {@code true} if a timeout is set
	 */
	public boolean hasTimeouts() {
		return this.idleTimeoutNanos > 0 || this.readTimeoutNanos > 0 || this.writeTimeoutNanos > 0;
	}

}
