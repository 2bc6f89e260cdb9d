package dev.sockloop.autoconfigure;

import java.util.List;

import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.tls.TlsStats;

/**
 * TLS counters of the running servers that speak TLS, by server name. A view of the
 * {@link SocketServers} registry: each server holds its own counters, as
 * {@link SocketServer#tlsStats()}.
 */
public final class SocketServersTlsStats {

	private final SocketServers servers;

	/**
	 * Creates a view of the TLS counters of the given servers.
	 * @param servers the registry of running servers
	 */
	public SocketServersTlsStats(SocketServers servers) {
		this.servers = servers;
	}

	/**
	 * Counters of one server.
	 * @param serverName the server's name
	 * @return its TLS counters, or {@code null} if it does not speak TLS or is not running
	 */
	public TlsStats get(String serverName) {
		SocketServer server = this.servers.get(serverName);
		return (server != null) ? server.tlsStats().orElse(null) : null;
	}

	/**
	 * Counters of every running TLS server.
	 * @return a snapshot of the counters
	 */
	public List<TlsStats> all() {
		return this.servers.asMap()
			.values()
			.stream()
			.flatMap((server) -> server.tlsStats().stream())
			.toList();
	}

}
