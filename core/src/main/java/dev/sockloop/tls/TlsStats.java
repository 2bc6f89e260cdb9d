package dev.sockloop.tls;

import java.util.concurrent.atomic.LongAdder;

/**
 * TLS counters of one server: handshakes that completed and handshakes that failed. Updated on the
 * connections' loops, readable from any thread (by a metrics binder, for instance).
 */
public final class TlsStats {

	private final String serverName;

	private final LongAdder handshakesCompleted = new LongAdder();

	private final LongAdder handshakeFailures = new LongAdder();

	/**
	 * Creates counters for one server.
	 * @param serverName the server's name
	 */
	public TlsStats(String serverName) {
		this.serverName = serverName;
	}

	/**
	 * Name of the server these counters belong to.
	 * @return the server name
	 */
	public String serverName() {
		return this.serverName;
	}

	/**
	 * Handshakes that completed since the server started.
	 * @return the count
	 */
	public long handshakesCompleted() {
		return this.handshakesCompleted.sum();
	}

	/**
	 * Handshakes that failed since the server started: a peer that spoke something other than TLS,
	 * offered nothing acceptable, presented no trusted certificate where one was required, or closed
	 * the connection half-way. A connection closed before sending a single byte is not counted.
	 * @return the count
	 */
	public long handshakeFailures() {
		return this.handshakeFailures.sum();
	}

	void handshakeCompleted() {
		this.handshakesCompleted.increment();
	}

	void handshakeFailed() {
		this.handshakeFailures.increment();
	}

	@Override
	public String toString() {
		return "TlsStats[server=" + this.serverName + ", completed=" + handshakesCompleted() + ", failed="
				+ handshakeFailures() + "]";
	}

}
