package dev.sockloop.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one event loop. Written only by the loop's thread, readable from any thread.
 *
 * <p>Counting is a field update on the loop thread; meters read these values rather than being
 * updated per event, so that metrics cost next to nothing on the hot path.
 */
public final class LoopStats {

	// Fields are volatile for readers on other threads, but the loop, their only writer, stores
	// with release semantics: a plain store on x86 instead of a fenced one, several per iteration.
	private static final VarHandle READY_EVENTS = handle("readyEvents", long.class);

	private static final VarHandle ITERATIONS = handle("iterations", long.class);

	private static final VarHandle LAST_ITERATION = handle("lastIterationNanos", long.class);

	private static final VarHandle MAX_ITERATION = handle("maxIterationNanos", long.class);

	private static final VarHandle ITERATION_START = handle("iterationStartNanos", long.class);

	private static final VarHandle FDS_ACTIVE = handle("fdsActive", int.class);

	private final int loopIndex;

	private volatile int fdsActive;

	private final AtomicLongArray wakeups = new AtomicLongArray(WakeupCause.values().length);

	private volatile long iterations;

	private volatile long readyEvents;

	private volatile long lastIterationNanos;

	private volatile long maxIterationNanos;

	private volatile long iterationStartNanos;

	private volatile IterationListener iterationListener;

	/**
	 * Creates the counters of one loop.
	 * @param loopIndex index of the loop in its group
	 */
	public LoopStats(int loopIndex) {
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
	 * File descriptors registered in the loop's epoll set: connections, listeners and the eventfd.
	 * @return the active fds
	 */
	public int fdsActive() {
		return this.fdsActive;
	}

	/**
	 * Returns from {@code epoll_wait} for the given cause.
	 * @param cause the cause
	 * @return the count since start
	 */
	public long wakeups(WakeupCause cause) {
		return this.wakeups.get(cause.ordinal());
	}

	/**
	 * Loop iterations that processed ready events, tasks or timers.
	 * @return the count since start
	 */
	public long iterations() {
		return this.iterations;
	}

	/**
	 * Ready events returned by {@code epoll_wait}, summed over all wake-ups.
	 * @return the count since start
	 */
	public long readyEvents() {
		return this.readyEvents;
	}

	/**
	 * Duration of the last completed iteration.
	 * @return nanoseconds
	 */
	public long lastIterationNanos() {
		return this.lastIterationNanos;
	}

	/**
	 * Longest iteration since start.
	 * @return nanoseconds
	 */
	public long maxIterationNanos() {
		return this.maxIterationNanos;
	}

	/**
	 * {@link System#nanoTime()} when the iteration in progress began, or 0 while the loop waits in
	 * {@code epoll_wait}. A blocked-loop detector compares it with the current time.
	 * @return the start of the current iteration, or 0
	 */
	public long iterationStartNanos() {
		return this.iterationStartNanos;
	}

	/**
	 * Sets a listener told of every iteration's duration and ready-event count, for histograms.
	 * Called on the loop thread: it must be cheap and must not block.
	 * @param listener the listener, or {@code null} to remove it
	 */
	public void setIterationListener(IterationListener listener) {
		this.iterationListener = listener;
	}

	/**
	 * Records that an iteration began. Loop thread only.
	 * @param startNanos {@link System#nanoTime()} after {@code epoll_wait} returned
	 */
	public void iterationStarted(long startNanos) {
		ITERATION_START.setRelease(this, startNanos);
	}

	/**
	 * Records why the loop woke up. Loop thread only.
	 * @param cause why it woke
	 * @param events ready events returned
	 */
	public void wokeUp(WakeupCause cause, int events) {
		int i = cause.ordinal();
		this.wakeups.lazySet(i, this.wakeups.get(i) + 1);
		READY_EVENTS.setRelease(this, this.readyEvents + events);
	}

	/**
	 * Records the end of an iteration. Loop thread only.
	 * @param events ready events processed
	 * @param endNanos when processing ended
	 */
	public void iterationEnded(int events, long endNanos) {
		long duration = endNanos - this.iterationStartNanos;
		ITERATION_START.setRelease(this, 0L);
		ITERATIONS.setRelease(this, this.iterations + 1);
		LAST_ITERATION.setRelease(this, duration);
		if (duration > this.maxIterationNanos) {
			MAX_ITERATION.setRelease(this, duration);
		}
		IterationListener listener = this.iterationListener;
		if (listener != null) {
			listener.iterationEnded(duration, events);
		}
	}

	/**
	 * Records a change in registered fds. Loop thread only.
	 * @param delta the change
	 */
	public void fdsChanged(int delta) {
		FDS_ACTIVE.setRelease(this, this.fdsActive + delta);
	}

	private static VarHandle handle(String field, Class<?> type) {
		return CounterFields.of(MethodHandles.lookup(), field, type);
	}

	/**
	 * Told of every loop iteration, on the loop thread.
	 */
	@FunctionalInterface
	public interface IterationListener {

		/**
		 * One iteration ended.
		 * @param durationNanos how long it took
		 * @param readyEvents ready events it processed
		 */
		void iterationEnded(long durationNanos, int readyEvents);

	}


}
