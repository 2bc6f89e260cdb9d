package dev.sockloop.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.internal.transport.TransportProvider;
import dev.sockloop.internal.transport.epoll.Epoll;
import dev.sockloop.internal.transport.epoll.EpollTransport;
import dev.sockloop.internal.transport.nio.NioTransport;

/**
 * How event loops wait for and perform socket I/O. Both transports serve the same
 * {@link dev.sockloop.connection.Connection} API and pass the same behavioural tests; they differ in
 * cost and in where they run. Each is a package of its own behind a {@link TransportProvider}: adding
 * one (io_uring, kqueue) is that package and a constant here.
 */
public enum Transport {

	/**
	 * Not a transport but the choice of one, made when a group starts: {@link #EPOLL} where it is
	 * available, otherwise {@link #NIO} (see {@link #detect()}). The default of the
	 * {@code sockloop.transport} property; a group {@link #resolve() resolves} it, so
	 * {@code EventLoopGroup.transport()} never returns it.
	 */
	AUTO {
		@Override
		public TransportProvider provider() {
			return detect().provider();
		}
	},

	/**
	 * Linux epoll and socket syscalls through JNA: the fast path, Linux on 64-bit JVMs only.
	 */
	EPOLL {
		@Override
		public TransportProvider provider() {
			return EpollTransport.INSTANCE;
		}
	},

	/**
	 * {@link java.nio.channels.Selector} and {@link java.nio.channels.SocketChannel}: portable to every
	 * JDK platform (macOS and Windows development machines), at some cost per message.
	 */
	NIO {
		@Override
		public TransportProvider provider() {
			return NioTransport.INSTANCE;
		}
	};

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
	 * The transport this choice stands for: {@link #detect()} for {@link #AUTO}, this transport
	 * otherwise.
	 * @return {@link #EPOLL} or {@link #NIO}, never {@link #AUTO}
	 */
	public Transport resolve() {
		return (this != AUTO) ? this : detect();
	}

	/**
	 * The transport's implementation: its poller, listeners, connects and connections. Internal:
	 * its type is not API and may change without notice.
	 * @return the provider
	 */
	public abstract TransportProvider provider();

	/**
	 * Whether this transport can run on this host.
	 * @return {@code true} for {@link #NIO} and {@link #AUTO} always, for {@link #EPOLL} when
	 * {@link Epoll#isAvailable()}
	 */
	public boolean isAvailable() {
		return provider().isAvailable();
	}

	/**
	 * Fails with one clear sentence when this transport cannot run here.
	 * @throws IllegalStateException if it is unavailable
	 */
	public void ensureAvailable() {
		provider().ensureAvailable();
	}

	/**
	 * Lower-case name, as in the {@code sockloop.transport} property and in logs.
	 * @return the name
	 */
	public String tagValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
