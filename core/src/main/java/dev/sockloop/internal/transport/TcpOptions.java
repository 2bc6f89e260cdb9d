package dev.sockloop.internal.transport;

import java.time.Duration;

/**
 * Socket options of accepted TCP connections beyond {@code TCP_NODELAY} and {@code SO_KEEPALIVE}:
 * each one zero or {@code null} keeps the operating system's default, so that a server that sets
 * none makes no extra system call.
 *
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes; 0 for the kernel's (auto-tuned) default
 * @param sendBufferSize {@code SO_SNDBUF} in bytes; 0 for the kernel's (auto-tuned) default
 * @param linger {@code SO_LINGER}: zero makes close reset the connection (RST, unsent bytes
 * dropped); {@code null} for the default orderly close in the background. A positive linger is
 * refused: on Linux it makes {@code close} block the event loop until the peer has read the unsent
 * bytes, a wait the peer controls
 * @param keepAliveIdle {@code TCP_KEEPIDLE}, idle time before the first probe, whole seconds;
 * {@code null} or zero for the kernel's default
 * @param keepAliveInterval {@code TCP_KEEPINTVL}, time between probes, whole seconds; {@code null}
 * or zero for the kernel's default
 * @param keepAliveCount {@code TCP_KEEPCNT}, unanswered probes before the connection is dropped;
 * 0 for the kernel's default
 */
public record TcpOptions(int receiveBufferSize, int sendBufferSize, Duration linger, Duration keepAliveIdle,
		Duration keepAliveInterval, int keepAliveCount) {

	/** Every option left to the operating system. */
	public static final TcpOptions DEFAULTS = new TcpOptions(0, 0, null, null, null, 0);

	/** Largest {@code TCP_KEEPIDLE} and {@code TCP_KEEPINTVL} Linux accepts, in seconds. */
	private static final int MAX_KEEPALIVE_SECONDS = 32767;

	/** Largest {@code TCP_KEEPCNT} Linux accepts. */
	private static final int MAX_KEEPALIVE_COUNT = 127;

	/**
	 * Validates the options, in the engine's words; the Spring side names its properties instead.
	 */
	public TcpOptions {
		if (receiveBufferSize < 0) {
			throw new IllegalArgumentException("receive buffer size must not be negative, was " + receiveBufferSize);
		}
		if (sendBufferSize < 0) {
			throw new IllegalArgumentException("send buffer size must not be negative, was " + sendBufferSize);
		}
		if (linger != null && !linger.isZero()) {
			throw new IllegalArgumentException("linger must be zero (reset on close) or unset, was " + linger
					+ ": a positive linger blocks the event loop in close() until the peer reads");
		}
		requireSeconds("keep-alive idle", keepAliveIdle);
		requireSeconds("keep-alive interval", keepAliveInterval);
		if (keepAliveCount < 0 || keepAliveCount > MAX_KEEPALIVE_COUNT) {
			throw new IllegalArgumentException(
					"keep-alive count must be between 0 and " + MAX_KEEPALIVE_COUNT + ", was " + keepAliveCount);
		}
	}

	private static void requireSeconds(String what, Duration value) {
		if (value == null || value.isZero()) {
			return;
		}
		if (value.isNegative() || value.getNano() != 0 || value.getSeconds() > MAX_KEEPALIVE_SECONDS) {
			throw new IllegalArgumentException(what + " must be whole seconds between 1 and " + MAX_KEEPALIVE_SECONDS
					+ " (or zero for the system default), was " + value);
		}
	}

	/**
	 * Whether {@code SO_LINGER} is to be set (to zero).
	 * @return {@code true} when a reset on close is asked for
	 */
	public boolean resetOnClose() {
		return this.linger != null;
	}

	/**
	 * {@code TCP_KEEPIDLE} in seconds.
	 * @return the seconds, or 0 for the default
	 */
	public int keepAliveIdleSeconds() {
		return (this.keepAliveIdle != null) ? (int) this.keepAliveIdle.getSeconds() : 0;
	}

	/**
	 * {@code TCP_KEEPINTVL} in seconds.
	 * @return the seconds, or 0 for the default
	 */
	public int keepAliveIntervalSeconds() {
		return (this.keepAliveInterval != null) ? (int) this.keepAliveInterval.getSeconds() : 0;
	}

}
