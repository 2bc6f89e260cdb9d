package dev.sockloop.internal.loop;

import java.util.function.Consumer;

/**
 * How one {@link EventLoop} waits for ready channels and wakes up; each transport has its own. The
 * loop calls it a few times per iteration, never per event: dispatching the ready channels is the
 * poller's own loop. Interest and readiness are {@link IoEvents} bits. Loop thread only, except
 * {@link #wakeUp()}.
 */
public abstract class Poller {

	/**
	 * Waits for ready channels.
	 * @param timeoutMillis -1 to wait until woken, 0 to poll
	 * @return the number of ready events, or -1 if a signal interrupted the wait
	 */
	protected abstract int poll(int timeoutMillis);

	/**
	 * Hands the events of the last {@link #poll} to their channels, skipping channels that were
	 * deregistered earlier in the batch. A channel that throws is reported with
	 * {@link #channelFailed}; the others still run.
	 * @param ready what {@link #poll} returned
	 */
	protected abstract void dispatch(int ready);

	/**
	 * Events dropped because their fd had been closed and reused by another channel earlier in the
	 * same batch. Any thread.
	 * @return the count since start; 0 for pollers that never reuse a channel's identity
	 */
	protected long reusedFdEventsSkipped() {
		return 0;
	}

	/**
	 * Interrupts a {@link #poll} in progress, or makes the next one return at once. Any thread.
	 */
	protected abstract void wakeUp();

	/**
	 * Starts watching a channel.
	 * @param channel the channel
	 * @param interest {@link IoEvents} bits
	 */
	protected abstract void register(LoopChannel channel, int interest);

	/**
	 * Changes what a watched channel waits for.
	 * @param channel the channel
	 * @param interest {@link IoEvents} bits
	 * @return 0, or a negative errno
	 */
	protected abstract int modify(LoopChannel channel, int interest);

	/**
	 * Forgets a channel whose socket is being closed.
	 * @param channel the channel
	 */
	protected abstract void deregister(LoopChannel channel);

	/**
	 * Stops watching a channel whose socket stays open, to be registered again by another channel.
	 * @param channel the channel
	 */
	protected abstract void unregister(LoopChannel channel);

	/**
	 * Visits every registered channel but the poller's own.
	 * @param action what to do with each
	 */
	protected abstract void forEachChannel(Consumer<LoopChannel> action);

	/** Releases the poller's own resources; channels have been released before. */
	protected abstract void close();

	/**
	 * Hands a channel its ready events.
	 * @param channel the channel
	 * @param readyEvents {@link IoEvents} bits
	 */
	protected static void deliver(LoopChannel channel, int readyEvents) {
		channel.onReady(readyEvents);
	}

	/**
	 * Reports a channel that threw while handling its events: the loop releases it and carries on.
	 * @param loop the loop
	 * @param channel the channel
	 * @param failure what it threw
	 */
	protected static void channelFailed(EventLoop loop, LoopChannel channel, Throwable failure) {
		loop.channelFailed(channel, failure);
	}

	/**
	 * Tells the loop that its wake-up signal was among the ready events (counted as a task wake-up).
	 * @param loop the loop
	 */
	protected static void wokenByTask(EventLoop loop) {
		loop.wokenByTask = true;
	}

	/**
	 * The generation of a channel's registration, which tells a reused fd's events apart.
	 * @param channel the channel
	 * @return the generation the poller gave it
	 */
	protected static int generation(LoopChannel channel) {
		return channel.generation;
	}

	/**
	 * Gives a channel's registration its generation.
	 * @param channel the channel
	 * @param generation the generation
	 */
	protected static void generation(LoopChannel channel, int generation) {
		channel.generation = generation;
	}

	/**
	 * What the poller keeps for a channel beside its generation (NIO: the selection key, kept while
	 * the channel stays open so that it can be reused).
	 * @param channel the channel
	 * @return what {@link #registration(LoopChannel, Object)} stored, or {@code null}
	 */
	protected static Object registration(LoopChannel channel) {
		return channel.registration;
	}

	/**
	 * Keeps something for a channel.
	 * @param channel the channel
	 * @param registration what to keep
	 */
	protected static void registration(LoopChannel channel, Object registration) {
		channel.registration = registration;
	}

}
