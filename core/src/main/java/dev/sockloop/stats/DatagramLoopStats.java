package dev.sockloop.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one datagram server on one event loop. Written only by that loop's thread, readable
 * from any thread, so that no two loops ever contend on a counter.
 */
public final class DatagramLoopStats {

	// Volatile for readers on other threads; the loop, the only writer, stores with release semantics.
	private static final VarHandle DATAGRAMS_RECEIVED = handle("datagramsReceived");

	private static final VarHandle BYTES_RECEIVED = handle("bytesReceived");

	private static final VarHandle DATAGRAMS_SENT = handle("datagramsSent");

	private static final VarHandle BYTES_SENT = handle("bytesSent");

	private final int loopIndex;

	private volatile long datagramsReceived;

	private volatile long bytesReceived;

	private volatile long datagramsSent;

	private volatile long bytesSent;

	private volatile long datagramsDropped;

	private volatile long datagramsTruncated;

	private volatile long sendErrors;

	private volatile long backpressurePaused;

	/**
	 * Creates the counters of one server on one loop.
	 * @param loopIndex index of the loop in its group
	 */
	public DatagramLoopStats(int loopIndex) {
		this.loopIndex = loopIndex;
	}

	/**
	 * Index of the loop in its group.
	 * @return the loop index
	 */
	public int loopIndex() {
		return this.loopIndex;
	}

	/**
	 * Datagrams received and handed to the handler.
	 * @return the count
	 */
	public long datagramsReceived() {
		return this.datagramsReceived;
	}

	/**
	 * Payload bytes of the datagrams received.
	 * @return the count
	 */
	public long bytesReceived() {
		return this.bytesReceived;
	}

	/**
	 * Datagrams sent.
	 * @return the count
	 */
	public long datagramsSent() {
		return this.datagramsSent;
	}

	/**
	 * Payload bytes of the datagrams sent.
	 * @return the count
	 */
	public long bytesSent() {
		return this.bytesSent;
	}

	/**
	 * Datagrams dropped before the handler saw them: by the kernel for want of room in the receive
	 * buffer while the handler was slower than the peers ({@code SO_RXQ_OVFL}, epoll transport only,
	 * learnt when the next datagram is read), and any read and then left without a subscriber.
	 * @return the count
	 */
	public long datagramsDropped() {
		return this.datagramsDropped;
	}

	/**
	 * Datagrams longer than the maximum datagram size, dropped.
	 * @return the count
	 */
	public long datagramsTruncated() {
		return this.datagramsTruncated;
	}

	/**
	 * Datagrams that could not be sent (an unreachable or unsupported address, a payload too large).
	 * @return the count
	 */
	public long sendErrors() {
		return this.sendErrors;
	}

	/**
	 * Times reading was paused for lack of demand.
	 * @return the count
	 */
	public long backpressurePaused() {
		return this.backpressurePaused;
	}

	/**
	 * Loop thread only.
	 * @param bytes payload bytes
	 */
	public void received(int bytes) {
		DATAGRAMS_RECEIVED.setRelease(this, this.datagramsReceived + 1);
		BYTES_RECEIVED.setRelease(this, this.bytesReceived + bytes);
	}

	/**
	 * Loop thread only.
	 * @param datagrams datagrams sent
	 * @param bytes their payload bytes
	 */
	public void sent(int datagrams, long bytes) {
		DATAGRAMS_SENT.setRelease(this, this.datagramsSent + datagrams);
		BYTES_SENT.setRelease(this, this.bytesSent + bytes);
	}

	/**
	 * Loop thread only: the kernel reported its running drop count for a socket of this loop.
	 * @param socketDropsSoFar the socket's count since it opened
	 * @param previous what the socket reported last
	 */
	public void kernelDropped(long socketDropsSoFar, long previous) {
		if (socketDropsSoFar > previous) {
			this.datagramsDropped = this.datagramsDropped + (socketDropsSoFar - previous);
		}
	}

	/**
	 * Loop thread only.
	 * @param datagrams datagrams read and then discarded (no subscriber left to take them)
	 */
	public void discarded(int datagrams) {
		this.datagramsDropped = this.datagramsDropped + datagrams;
	}

	/** Loop thread only. */
	public void truncated() {
		this.datagramsTruncated = this.datagramsTruncated + 1;
	}

	/** Loop thread only. */
	public void sendFailed() {
		this.sendErrors = this.sendErrors + 1;
	}

	/** Loop thread only. */
	public void pausedForBackpressure() {
		this.backpressurePaused = this.backpressurePaused + 1;
	}

	private static VarHandle handle(String field) {
		return CounterFields.of(MethodHandles.lookup(), field, long.class);
	}

}
