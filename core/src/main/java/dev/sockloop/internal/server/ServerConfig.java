package dev.sockloop.internal.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;

import dev.sockloop.internal.linux.FileDescriptorLimit;
import dev.sockloop.internal.transport.TcpOptions;
import dev.sockloop.server.AcceptMode;
import dev.sockloop.server.ProxyProtocol;
import dev.sockloop.transport.Transport;

/**
 * Settings of one server, immutable once built. See
 * {@link dev.sockloop.server.SocketServerBuilder} for each one's meaning and default.
 *
 * @param name name used in logs, stats and meter tags
 * @param bindAddress address and port to bind; port 0 picks a free port
 * @param backlog listen backlog
 * @param acceptMode how connections are spread over loops
 * @param tcpNoDelay whether Nagle's algorithm is disabled on accepted sockets
 * @param keepAlive whether TCP keep-alive probes are enabled on accepted sockets
 * @param writeHighWaterMark queued outbound bytes above which the handler's publisher is not asked
 * for more
 * @param writeLowWaterMark queued outbound bytes below which requesting resumes
 * @param maxConnections open connections above which new ones are closed at once; 0 for no limit
 * (the builder's default is {@link #defaultMaxConnections()})
 * @param idleTimeout time without bytes in either direction after which a connection is closed;
 * zero for none
 * @param readTimeout time without bytes received after which a connection is closed; zero for none
 * @param writeTimeout time queued outbound bytes may go without progress before the connection is
 * closed; zero for none
 * @param unixSocketPath path of a Unix domain socket to bind instead of TCP; {@code null} for TCP
 * @param unixSocketPermissions permissions set on the Unix socket file once bound; {@code null} to
 * keep what the process's umask gives
 * @param tcpOptions buffer sizes, linger and keep-alive timers of accepted TCP sockets
 * @param proxyProtocol whether connections start with a PROXY protocol header
 * @param proxyHeaderTimeout time from accept to a complete PROXY protocol header; zero for none
 * @param sharePort whether the TCP port may be shared with other sockets bound with
 * {@code SO_REUSEPORT} (another process taking over), rather than refused when held
 */
public record ServerConfig(String name, InetSocketAddress bindAddress, int backlog, AcceptMode acceptMode,
		boolean tcpNoDelay, boolean keepAlive, int writeHighWaterMark, int writeLowWaterMark, int maxConnections,
		Duration idleTimeout, Duration readTimeout, Duration writeTimeout, Path unixSocketPath,
		Set<PosixFilePermission> unixSocketPermissions, TcpOptions tcpOptions, ProxyProtocol proxyProtocol,
		Duration proxyHeaderTimeout, boolean sharePort) {

	/**
	 * The connection limit of a server that does not set one: 90% of the process's open-files limit,
	 * so that a connection flood is refused at the server's limit, with a counted rejection, before
	 * the process runs out of fds for its own files, logs and outbound connections. The hard limit is
	 * read because the event loops raise the soft limit to it when they start.
	 * @return the default limit, or 0 (none) where the open-files limit cannot be read or is unlimited
	 */
	public static int defaultMaxConnections() {
		if (!Transport.EPOLL.isAvailable()) {
			return 0; // read through the native layer, Linux only
		}
		long limit = FileDescriptorLimit.hard();
		if (limit <= 0) {
			return 0; // RLIM_INFINITY reads as -1
		}
		return (int) Math.min(Integer.MAX_VALUE, limit / 10 * 9);
	}

	/**
	 * Whether the server binds a Unix domain socket rather than TCP.
	 * @return {@code true} when {@link #unixSocketPath()} is set
	 */
	public boolean isUnixSocket() {
		return this.unixSocketPath != null;
	}

	/**
	 * Validates the settings.
	 */
	public ServerConfig {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("Server name must not be empty");
		}
		if (bindAddress == null) {
			throw new IllegalArgumentException("Server '" + name + "': bind address must be set");
		}
		if (backlog <= 0) {
			throw new IllegalArgumentException("Server '" + name + "': backlog must be positive, was " + backlog);
		}
		if (writeLowWaterMark < 0 || writeHighWaterMark <= 0 || writeLowWaterMark > writeHighWaterMark) {
			throw new IllegalArgumentException("Server '" + name + "': write water marks must satisfy 0 <= low ("
					+ writeLowWaterMark + ") <= high (" + writeHighWaterMark + ") and high > 0");
		}
		if (maxConnections < 0) {
			throw new IllegalArgumentException(
					"Server '" + name + "': max connections must not be negative, was " + maxConnections);
		}
		tcpOptions = (tcpOptions != null) ? tcpOptions : TcpOptions.DEFAULTS;
		unixSocketPermissions = (unixSocketPermissions != null) ? Set.copyOf(unixSocketPermissions) : null;
		requireNotNegative(name, "idle timeout", idleTimeout);
		requireNotNegative(name, "read timeout", readTimeout);
		requireNotNegative(name, "write timeout", writeTimeout);
		requireNotNegative(name, "proxy header timeout", proxyHeaderTimeout);
		if (proxyProtocol == null) {
			throw new IllegalArgumentException("Server '" + name + "': proxy protocol must be set");
		}
	}

	private static void requireNotNegative(String name, String what, Duration timeout) {
		if (timeout == null || timeout.isNegative()) {
			throw new IllegalArgumentException("Server '" + name + "': " + what + " must be zero or positive");
		}
	}

}
