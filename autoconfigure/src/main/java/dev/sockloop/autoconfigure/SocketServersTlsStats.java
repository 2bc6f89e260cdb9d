package dev.sockloop.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.sockloop.tls.TlsStats;

/**
 * TLS counters of the servers that speak TLS, by server name: what a metrics binder reads.
 */
public final class SocketServersTlsStats {

	private final Map<String, TlsStats> stats = new ConcurrentHashMap<>();

	/**
	 * Counters of one server.
	 * @param serverName the server's name
	 * @return its TLS counters, or {@code null} if it does not speak TLS
	 */
	public TlsStats get(String serverName) {
		return this.stats.get(serverName);
	}

	/**
	 * Counters of every TLS server.
	 * @return a snapshot of the counters
	 */
	public List<TlsStats> all() {
		return List.copyOf(this.stats.values());
	}

	void add(TlsStats serverStats) {
		this.stats.put(serverStats.serverName(), serverStats);
	}

}
