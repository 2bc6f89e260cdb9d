package dev.sockloop.loop;

import java.util.function.Consumer;

/**
 * How one {@link EventLoop} waits for ready channels and wakes up: epoll with an eventfd, or a
 * NIO {@link java.nio.channels.Selector}. The loop calls it a few times per iteration, never per
 * event: dispatching the ready channels is the poller's own loop. Loop thread only, except
 * {@link #wakeUp()}.
 */
abstract class Poller {

	/**
	 * Waits for ready channels.
	 * @param timeoutMillis -1 to wait until woken, 0 to poll
	 * @return the number of ready events, or -1 if a signal interrupted the wait
	 */
	abstract int poll(int timeoutMillis);

	/**
	 * Hands the events of the last {@link #poll} to their channels, skipping channels that were
	 * deregistered earlier in the batch. A channel that throws is reported to
	 * {@link EventLoop#channelFailed}; the others still run.
	 * @param ready what {@link #poll} returned
	 */
	abstract void dispatch(int ready);

	/**
	 * Events dropped because their fd had been closed and reused by another channel earlier in the
	 * same batch. Any thread.
	 * @return the count since start; 0 for pollers that never reuse a channel's identity
	 */
	long reusedFdEventsSkipped() {
		return 0;
	}

	/**
	 * Interrupts a {@link #poll} in progress, or makes the next one return at once. Any thread.
	 */
	abstract void wakeUp();

	abstract void register(LoopChannel channel, int interest);

	/** @return 0, or a negative errno */
	abstract int modify(LoopChannel channel, int interest);

	abstract void deregister(LoopChannel channel);

	abstract void unregister(LoopChannel channel);

	abstract void forEachChannel(Consumer<LoopChannel> action);

	/** Releases the poller's own resources; channels have been released before. */
	abstract void close();

}
