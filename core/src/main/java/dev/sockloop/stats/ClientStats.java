package dev.sockloop.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a client beyond those its connections share with a server's ({@link ServerStats}):
 * connects that failed, and exchanges that timed out or were refused. Updated on any thread,
 * readable from any thread (by a metrics binder, for instance).
 */
public final class ClientStats {

	private final String clientName;

	private final LongAdder connectFailures = new LongAdder();

	private final LongAdder exchangeTimeouts = new LongAdder();

	private final LongAdder exchangesRejected = new LongAdder();

	/**
	 * Creates counters for one client.
	 * @param clientName the client's name
	 */
	public ClientStats(String clientName) {
		this.clientName = clientName;
	}

	/**
	 * Name of the client these counters belong to.
	 * @return the client name
	 */
	public String clientName() {
		return this.clientName;
	}

	/**
	 * Connects that ended without a connection: refused, timed out, unreachable, or (with TLS) a
	 * handshake that failed or timed out. Cancelled connects are not counted.
	 * @return the count
	 */
	public long connectFailures() {
		return this.connectFailures.sum();
	}

	/**
	 * Exchanges whose response did not arrive within the exchange timeout; each closed its
	 * connection.
	 * @return the count
	 */
	public long exchangeTimeouts() {
		return this.exchangeTimeouts.sum();
	}

	/**
	 * Exchanges refused at once because the connection already had the maximum number outstanding.
	 * @return the count
	 */
	public long exchangesRejected() {
		return this.exchangesRejected.sum();
	}

	/** Internal: counted by the client; not API. */
	public void connectFailed() {
		this.connectFailures.increment();
	}

	/** Internal: counted by the client; not API. */
	public void exchangeTimedOut() {
		this.exchangeTimeouts.increment();
	}

	/** Internal: counted by the client; not API. */
	public void exchangeRejected() {
		this.exchangesRejected.increment();
	}

	@Override
	public String toString() {
		return "ClientStats[client=" + this.clientName + ", connectFailures=" + connectFailures()
				+ ", exchangeTimeouts=" + exchangeTimeouts() + ", exchangesRejected=" + exchangesRejected() + "]";
	}

}
