package dev.sockloop.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.linux.Epoll;

/**
 * How event loops wait for and perform socket I/O. Both transports serve the same
 * {@link dev.sockloop.connection.Connection} API and pass the same behavioural tests; they differ in
 * cost and in where they run.
 */
public enum Transport {

	/**
	 * Linux epoll and socket syscalls through JNA: the fast path, Linux on 64-bit JVMs only.
	 */
	EPOLL,

	/**
	 * {@link java.nio.channels.Selector} and {@link java.nio.channels.SocketChannel}: portable to every
	 * JDK platform (macOS and Windows development machines), at some cost per message.
	 */
	NIO;

	private static final Logger logger = LoggerFactory.getLogger(Transport.class);

	private static volatile boolean fallbackLogged;

	/**
	 * The transport to use when none is forced: {@link #EPOLL} where it is available, otherwise
	 * {@link #NIO}, with one WARN line (per JVM) naming the reason.
	 * @return the transport
	 */
	public static Transport detect() {
		if (Epoll.isAvailable()) {
			return EPOLL;
		}
		if (!fallbackLogged) {
			fallbackLogged = true;
			Throwable cause = Epoll.unavailabilityCause();
			logger.warn("Linux epoll is not available here ({} {}: {}); using the portable NIO transport",
					System.getProperty("os.name"), System.getProperty("os.arch"),
					(cause != null) ? cause.getMessage() : "unknown reason");
		}
		return NIO;
	}

	/**
	 * Whether this transport can run on this host.
	 * @return {@code true} for {@link #NIO} always, for {@link #EPOLL} when {@link Epoll#isAvailable()}
	 */
	public boolean isAvailable() {
		return (this != EPOLL) || Epoll.isAvailable();
	}

	/**
	 * Fails with one clear sentence when this transport cannot run here.
	 * @throws IllegalStateException if it is unavailable
	 */
	public void ensureAvailable() {
		if (this == EPOLL) {
			Epoll.ensureAvailable();
		}
	}

	/**
	 * Lower-case name, as in the {@code sockloop.transport} property and in logs.
	 * @return the name
	 */
	public String tagValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
