package dev.sockloop.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one server on one event loop. Written only by that loop's thread, readable from any
 * thread, so that no two loops ever contend on a counter.
 */
public final class ServerLoopStats {

	// Volatile for readers on other threads; the loop, the only writer, stores with release
	// semantics (a plain store on x86) on every read and write of a socket.
	private static final VarHandle BYTES_RECEIVED = handle("bytesReceived");

	private static final VarHandle BYTES_SENT = handle("bytesSent");

	private final int loopIndex;

	private volatile int connectionsActive;

	private volatile long connectionsOpened;

	private final AtomicLongArray connectionsClosed = new AtomicLongArray(CloseReason.values().length);

	private final AtomicLongArray acceptErrors = new AtomicLongArray(AcceptError.values().length);

	private volatile long bytesReceived;

	private volatile long bytesSent;

	private volatile long backpressurePaused;

	/**
	 * Creates the counters of one server on one loop.
	 * @param loopIndex index of the loop in its group
	 */
	public ServerLoopStats(int loopIndex) {
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
	 * Open connections.
	 * @return the count
	 */
	public int connectionsActive() {
		return this.connectionsActive;
	}

	/**
	 * Connections accepted since start.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.connectionsOpened;
	}

	/**
	 * Connections closed since start for the given reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long connectionsClosed(CloseReason reason) {
		return this.connectionsClosed.get(reason.ordinal());
	}

	/**
	 * Failed accepts since start for the given error.
	 * @param error the error
	 * @return the count
	 */
	public long acceptErrors(AcceptError error) {
		return this.acceptErrors.get(error.ordinal());
	}

	/**
	 * Bytes read from sockets.
	 * @return the count
	 */
	public long bytesReceived() {
		return this.bytesReceived;
	}

	/**
	 * Bytes written to sockets.
	 * @return the count
	 */
	public long bytesSent() {
		return this.bytesSent;
	}

	/**
	 * Times reading was paused for lack of demand or writing stopped requesting above the
	 * high-water mark.
	 * @return the count
	 */
	public long backpressurePaused() {
		return this.backpressurePaused;
	}

	/** Loop thread only. */
	public void connectionOpened() {
		this.connectionsOpened++;
		this.connectionsActive++;
	}

	/**
	 * Loop thread only.
	 * @param reason why it closed
	 */
	public void connectionClosed(CloseReason reason) {
		int i = reason.ordinal();
		this.connectionsClosed.lazySet(i, this.connectionsClosed.get(i) + 1);
		this.connectionsActive--;
	}

	/**
	 * Loop thread only.
	 * @param error the failure
	 */
	public void acceptFailed(AcceptError error) {
		int i = error.ordinal();
		this.acceptErrors.lazySet(i, this.acceptErrors.get(i) + 1);
	}

	/**
	 * Loop thread only.
	 * @param bytes bytes read
	 */
	public void received(long bytes) {
		BYTES_RECEIVED.setRelease(this, this.bytesReceived + bytes);
	}

	/**
	 * Loop thread only.
	 * @param bytes bytes written
	 */
	public void sent(long bytes) {
		BYTES_SENT.setRelease(this, this.bytesSent + bytes);
	}

	private static VarHandle handle(String field) {
		return CounterFields.of(MethodHandles.lookup(), field, long.class);
	}

	/** Loop thread only. */
	public void pausedForBackpressure() {
		this.backpressurePaused++;
	}

	/** Loop thread only: a connection was accepted and closed at once (connection limit). */
	public void connectionRejected() {
		int i = CloseReason.REJECTED.ordinal();
		this.connectionsClosed.lazySet(i, this.connectionsClosed.get(i) + 1);
	}

}
