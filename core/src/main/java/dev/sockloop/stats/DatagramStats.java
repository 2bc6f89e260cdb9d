package dev.sockloop.stats;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Counters of one datagram server: one {@link DatagramLoopStats} slice per event loop, plus the
 * handler failures (a handler may fail on any thread).
 */
public final class DatagramStats {

	private final String serverName;

	private final List<DatagramLoopStats> loops;

	private final LongAdder handlerErrors = new LongAdder();

	/**
	 * Creates the counters of a server running on {@code loopCount} loops.
	 * @param serverName the server's name
	 * @param loopCount loops in the group
	 */
	public DatagramStats(String serverName, int loopCount) {
		this.serverName = serverName;
		DatagramLoopStats[] slices = new DatagramLoopStats[loopCount];
		for (int i = 0; i < loopCount; i++) {
			slices[i] = new DatagramLoopStats(i);
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
	public List<DatagramLoopStats> loops() {
		return this.loops;
	}

	/**
	 * The slice of one loop.
	 * @param loopIndex the loop's index
	 * @return the slice
	 */
	public DatagramLoopStats loop(int loopIndex) {
		return this.loops.get(loopIndex);
	}

	/** @return datagrams received over all loops */
	public long datagramsReceived() {
		return sum(DatagramLoopStats::datagramsReceived);
	}

	/** @return payload bytes received over all loops */
	public long bytesReceived() {
		return sum(DatagramLoopStats::bytesReceived);
	}

	/** @return datagrams sent over all loops */
	public long datagramsSent() {
		return sum(DatagramLoopStats::datagramsSent);
	}

	/** @return payload bytes sent over all loops */
	public long bytesSent() {
		return sum(DatagramLoopStats::bytesSent);
	}

	/** @return datagrams dropped over all loops (see {@link DatagramLoopStats#datagramsDropped()}) */
	public long datagramsDropped() {
		return sum(DatagramLoopStats::datagramsDropped);
	}

	/** @return oversize datagrams dropped over all loops */
	public long datagramsTruncated() {
		return sum(DatagramLoopStats::datagramsTruncated);
	}

	/** @return datagrams that could not be sent, over all loops */
	public long sendErrors() {
		return sum(DatagramLoopStats::sendErrors);
	}

	/** @return read pauses for lack of demand over all loops */
	public long backpressurePaused() {
		return sum(DatagramLoopStats::backpressurePaused);
	}

	/**
	 * Handlers that threw or whose publisher errored (each is then subscribed again).
	 * @return the count
	 */
	public long handlerErrors() {
		return this.handlerErrors.sum();
	}

	/** Any thread: a handler failed. */
	public void handlerFailed() {
		this.handlerErrors.increment();
	}

	private long sum(ToLongFunction<DatagramLoopStats> counter) {
		long sum = 0;
		for (DatagramLoopStats loop : this.loops) {
			sum += counter.applyAsLong(loop);
		}
		return sum;
	}

}
