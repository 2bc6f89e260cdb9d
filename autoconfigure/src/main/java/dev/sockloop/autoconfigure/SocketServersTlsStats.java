package dev.sockloop.autoconfigure;

import java.util.List;
import java.util.Objects;

import dev.sockloop.spring.ServerRegistration;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.tls.TlsStats;

/**
 * TLS counters of the running servers that speak TLS, by server name: what a metrics binder reads.
 * A view of the {@link SocketServers} registrations, which hold the counters.
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
		ServerRegistration registration = this.servers.registration(serverName);
		return (registration != null) ? registration.tlsStats() : null;
	}

	/**
	 * Counters of every running TLS server.
	 * @return a snapshot of the counters
	 */
	public List<TlsStats> all() {
		return this.servers.registrations()
			.stream()
			.map(ServerRegistration::tlsStats)
			.filter(Objects::nonNull)
			.toList();
	}

}
