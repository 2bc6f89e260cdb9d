package dev.sockloop.internal.transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import dev.sockloop.internal.connection.ConnectionSettings;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.stats.ServerLoopStats;
import dev.sockloop.stats.ServerStats;

/**
 * The server or client that a transport's new connections belong to: their settings, counters, ids
 * and what to tell when one closes.
 *
 * @param settings the connections' settings
 * @param stats the owner's counters
 * @param ids where connection ids come from
 * @param onClosed told the connection's id, on its loop, once a connection has closed
 */
public record ConnectionOwner(ConnectionSettings settings, ServerStats stats, AtomicLong ids, LongConsumer onClosed) {

	/**
	 * The id of a new connection.
	 * @return the next id
	 */
	public long nextId() {
		return this.ids.incrementAndGet();
	}

	/**
	 * The owner's counters on one loop.
	 * @param loop the loop
	 * @return the counters
	 */
	public ServerLoopStats stats(EventLoop loop) {
		return this.stats.loop(loop.index());
	}

}
