package dev.sockloop.stats;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one server: one {@link ServerLoopStats} slice per event loop, plus the few counters
 * that are updated off the loops (codecs may run on other threads).
 */
public final class ServerStats {

	private final String serverName;

	private final List<ServerLoopStats> loops;

	private final LongAdder framesRejected = new LongAdder();

	private final LongAdder handlerErrors = new LongAdder();

	/**
	 * Creates the counters of a server running on {@code loopCount} loops.
	 * @param serverName the server's name
	 * @param loopCount loops in the group
	 */
	public ServerStats(String serverName, int loopCount) {
		this.serverName = serverName;
		ServerLoopStats[] slices = new ServerLoopStats[loopCount];
		for (int i = 0; i < loopCount; i++) {
			slices[i] = new ServerLoopStats(i);
		}
		this.loops = List.of(slices);
	}

	/**
	 * Name of the server.
	 * @return the name
	 */
	public String serverName() {
		return this.serverName;
	}

	/**
	 * One slice per loop, in loop order.
	 * @return the slices
	 */
	public List<ServerLoopStats> loops() {
		return this.loops;
	}

	/**
	 * The slice of one loop.
	 * @param loopIndex the loop's index
	 * @return the slice
	 */
	public ServerLoopStats loop(int loopIndex) {
		return this.loops.get(loopIndex);
	}

	/**
	 * Open connections over all loops.
	 * @return the count
	 */
	public int connectionsActive() {
		int sum = 0;
		for (ServerLoopStats loop : this.loops) {
			sum += loop.connectionsActive();
		}
		return sum;
	}

	/**
	 * Connections accepted over all loops.
	 * @return the count
	 */
	public long connectionsOpened() {
		long sum = 0;
		for (ServerLoopStats loop : this.loops) {
			sum += loop.connectionsOpened();
		}
		return sum;
	}

	/**
	 * Connections closed over all loops for the given reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long connectionsClosed(CloseReason reason) {
		long sum = 0;
		for (ServerLoopStats loop : this.loops) {
			sum += loop.connectionsClosed(reason);
		}
		return sum;
	}

	/**
	 * Bytes read over all loops.
	 * @return the count
	 */
	public long bytesReceived() {
		long sum = 0;
		for (ServerLoopStats loop : this.loops) {
			sum += loop.bytesReceived();
		}
		return sum;
	}

	/**
	 * Bytes written over all loops.
	 * @return the count
	 */
	public long bytesSent() {
		long sum = 0;
		for (ServerLoopStats loop : this.loops) {
			sum += loop.bytesSent();
		}
		return sum;
	}

	/**
	 * Back-pressure pauses over all loops.
	 * @return the count
	 */
	public long backpressurePaused() {
		long sum = 0;
		for (ServerLoopStats loop : this.loops) {
			sum += loop.backpressurePaused();
		}
		return sum;
	}

	/**
	 * Frames rejected by a codec: over the size limit or undecodable.
	 * @return the count
	 */
	public long framesRejected() {
		return this.framesRejected.sum();
	}

	/**
	 * Handlers that threw or whose publisher errored.
	 * @return the count
	 */
	public long handlerErrors() {
		return this.handlerErrors.sum();
	}

	/** Any thread: a codec rejected a frame. */
	public void frameRejected() {
		this.framesRejected.increment();
	}

	/** Any thread: a handler failed. */
	public void handlerFailed() {
		this.handlerErrors.increment();
	}

}
