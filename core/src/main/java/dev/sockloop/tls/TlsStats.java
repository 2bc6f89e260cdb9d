package dev.sockloop.tls;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * TLS counters of one server: handshakes that completed, failed or timed out, and renegotiations
 * refused. Updated on the connections' loops, readable from any thread (by a metrics binder, for
 * instance).
 */
public final class TlsStats {

	private final String serverName;

	private final LongAdder handshakesCompleted = new LongAdder();

	private final LongAdder handshakeFailures = new LongAdder();

	private final LongAdder handshakeTimeouts = new LongAdder();

	private final LongAdder renegotiationsRefused = new LongAdder();

	/** Most encrypted bytes that ever waited for one connection's socket: how well the bound holds. */
	private final LongAccumulator recordQueuePeak = new LongAccumulator(Math::max, 0);

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

	/**
	 * Handshakes that did not complete within the handshake timeout: a peer that connected and sent
	 * nothing, or too little, in time. Not counted in {@link #handshakeFailures()}.
	 * @return the count
	 */
	public long handshakeTimeouts() {
		return this.handshakeTimeouts.sum();
	}

	/**
	 * Connections closed because the peer started a TLS 1.2 (or older) renegotiation after the first
	 * handshake: each would have cost the server a private-key operation.
	 * @return the count
	 */
	public long renegotiationsRefused() {
		return this.renegotiationsRefused.sum();
	}

	/** Most encrypted bytes that waited at once for one connection's socket since the server started. */
	long recordQueuePeak() {
		return this.recordQueuePeak.get();
	}

	/** Internal: counted by the TLS engine ({@code dev.sockloop.internal.tls}); not API. */
	public void handshakeCompleted() {
		this.handshakesCompleted.increment();
	}

	/** Internal: counted by the TLS engine ({@code dev.sockloop.internal.tls}); not API. */
	public void handshakeFailed() {
		this.handshakeFailures.increment();
	}

	/** Internal: counted by the TLS engine ({@code dev.sockloop.internal.tls}); not API. */
	public void handshakeTimedOut() {
		this.handshakeTimeouts.increment();
	}

	/** Internal: counted by the TLS engine ({@code dev.sockloop.internal.tls}); not API. */
	public void renegotiationRefused() {
		this.renegotiationsRefused.increment();
	}

	/** Internal: counted by the TLS engine ({@code dev.sockloop.internal.tls}); not API. */
	public void recordsQueued(long bytes) {
		this.recordQueuePeak.accumulate(bytes);
	}

	@Override
	public String toString() {
		return "TlsStats[server=" + this.serverName + ", completed=" + handshakesCompleted() + ", failed="
				+ handshakeFailures() + ", timedOut=" + handshakeTimeouts() + ", renegotiationsRefused="
				+ renegotiationsRefused() + "]";
	}

}
