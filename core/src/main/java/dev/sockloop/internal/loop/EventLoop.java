package dev.sockloop.internal.loop;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.WakeupCause;

/**
 * One event loop: a platform thread that owns one poller (an epoll fd with an eventfd for wake-ups,
 * or a NIO selector, depending on the transport), a task queue and a timer queue. Everything about a channel registered here happens on this thread; other
 * threads hand work over with {@link #execute(Runnable)}.
 *
 * <p>One iteration: wait for ready events (the timeout is the nearest timer), dispatch each to its
 * channel, run handed-over tasks and due timers, then flush the channels that queued writes during
 * the iteration, so that writes produced by many reads leave in one {@code writev}.
 */
public final class EventLoop {

	private static final Logger logger = LoggerFactory.getLogger(EventLoop.class);

	/** Tasks run per iteration at most, so that a flood of hand-overs cannot starve I/O. */
	private static final int MAX_TASKS_PER_ITERATION = 1024;

	private static final ThreadLocal<EventLoop> current = new ThreadLocal<>();

	private static final int RUNNING = 0;

	private static final int SHUTTING_DOWN = 1;

	private static final int TERMINATED = 2;

	/** Set in {@link #wakeUpsInFlight} once the poller is closing; wake-ups then write nothing. */
	private static final int POLLER_CLOSED = 1 << 30;

	private final int index;

	private final Thread thread;

	private final Poller poller;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final TimerQueue timers = new TimerQueue(this::inLoop, this::execute);

	private final ArrayDeque<LoopChannel> endOfBatch = new ArrayDeque<>();

	private final LoopBuffers buffers;

	private final LoopStats stats;

	private final CountDownLatch terminated = new CountDownLatch(1);

	/** True while the loop is (about to be) blocked in its poller and needs a wake-up call. */
	private final AtomicBoolean sleeping = new AtomicBoolean();

	/**
	 * Wake-up calls in progress on other threads, plus {@link #POLLER_CLOSED} once the loop closes its
	 * poller. The loop closes the poller only when no call is in progress: an eventfd closed under a
	 * wake-up would take the write into whatever fd reuses its number (Netty's epoll loop guards the
	 * same race).
	 */
	private final AtomicInteger wakeUpsInFlight = new AtomicInteger();

	private volatile int state = RUNNING;

	private volatile Throwable failure;

	/** Set by the poller when the wake-up channel was among the ready events. */
	boolean wokenByTask;

	/**
	 * Creates a loop; {@link #start()} starts its thread. Loops are made by their group, which knows
	 * the transport.
	 * @param index the index of the loop in its group
	 * @param threadName the name of its thread
	 * @param pollerFactory the transport's poller, created for this loop
	 * @param nativeBuffers whether the transport reads and writes through native addresses (the
	 * loop's buffers then compute them)
	 */
	public EventLoop(int index, String threadName, Function<EventLoop, Poller> pollerFactory, boolean nativeBuffers) {
		this.index = index;
		this.stats = new LoopStats(index);
		this.buffers = new LoopBuffers(nativeBuffers);
		this.poller = pollerFactory.apply(this);
		// Load the timer path now: at the fd limit a class can no longer be loaded from a directory.
		this.timers.runDue(System.nanoTime(), this::runSafely);
		this.thread = new Thread(this::run, threadName);
	}

	/**
	 * Starts the loop's thread. Called once, by the group.
	 */
	public void start() {
		this.thread.start();
	}

	/**
	 * Index of this loop in its group.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * Counters of this loop.
	 * @return the stats
	 */
	public LoopStats stats() {
		return this.stats;
	}

	/**
	 * Name of the loop's thread.
	 * @return the thread name
	 */
	public String threadName() {
		return this.thread.getName();
	}

	/**
	 * The loop's thread, for diagnostics such as a blocked-loop stack trace.
	 * @return the thread
	 */
	public Thread thread() {
		return this.thread;
	}

	/**
	 * Whether the loop's thread is running.
	 * @return {@code false} once it has stopped or died
	 */
	public boolean isAlive() {
		return this.thread.isAlive() && this.state != TERMINATED;
	}

	/**
	 * What killed the loop, if it died rather than being shut down.
	 * @return the failure, or {@code null}
	 */
	public Throwable failure() {
		return this.failure;
	}

	/**
	 * Tasks handed over and not yet run.
	 * @return the queue length
	 */
	public int pendingTasks() {
		return this.tasks.size();
	}

	/**
	 * Ready events dropped because their fd was closed and then reused by a new channel earlier in the
	 * same batch (epoll only: the generation stored in {@code epoll_data} tells them apart). Without
	 * that check such an event, a reset say, would reach the new connection.
	 * @return the count since start
	 */
	public long reusedFdEventsSkipped() {
		return this.poller.reusedFdEventsSkipped();
	}

	/**
	 * Timers scheduled and not yet run or released. Exact on the loop thread; elsewhere a recent
	 * figure.
	 * @return the number of timers in the loop's timer queue
	 */
	public int pendingTimers() {
		return this.timers.size();
	}

	/**
	 * Whether the caller runs on this loop's thread.
	 * @return {@code true} on the loop thread
	 */
	public boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Runs a task on the loop thread, waking the loop if it sleeps. Safe from any thread; tasks run
	 * in the order given.
	 * @param task the task
	 */
	public void execute(Runnable task) {
		this.tasks.offer(task);
		// One eventfd write per sleep: later callers see sleeping == false and skip the syscall.
		if (this.sleeping.get() && !inLoop()) {
			wakeUp();
		}
	}

	private void wakeUp() {
		if (this.sleeping.compareAndSet(true, false)) {
			int inFlight = this.wakeUpsInFlight.incrementAndGet();
			try {
				if ((inFlight & POLLER_CLOSED) == 0) {
					this.poller.wakeUp();
				}
			}
			finally {
				this.wakeUpsInFlight.decrementAndGet();
			}
		}
	}

	/** Closes the poller once no wake-up is writing to it; later ones see the flag and write nothing. */
	private void closePoller() {
		this.wakeUpsInFlight.getAndAdd(POLLER_CLOSED);
		// A wake-up is one write syscall: the wait is microseconds.
		while ((this.wakeUpsInFlight.get() & ~POLLER_CLOSED) != 0) {
			LockSupport.parkNanos(10_000);
		}
		this.poller.close();
	}

	/**
	 * The loop whose thread calls, for code that runs on a loop without a reference to it (a
	 * handler wrapper that needs the loop's timers, for instance).
	 * @return the caller's loop, or {@code null} off the loops
	 */
	public static EventLoop current() {
		return current.get();
	}

	/**
	 * Runs a task on the loop thread after a delay. Loop thread only.
	 * @param task the task
	 * @param delayNanos the delay
	 * @return a handle to cancel it
	 */
	public ScheduledTask schedule(Runnable task, long delayNanos) {
		assertInLoop();
		return this.timers.schedule(System.nanoTime() + delayNanos, task);
	}

	/**
	 * Native buffers shared by the channels of this loop. Loop thread only.
	 * @return the buffers
	 */
	public LoopBuffers buffers() {
		return this.buffers;
	}

	/**
	 * Adds a channel to the epoll set. Loop thread only.
	 * @param channel the channel
	 * @param interest the epoll interest mask
	 * @throws NativeCallException if {@code epoll_ctl} fails
	 */
	public void register(LoopChannel channel, int interest) {
		this.poller.register(channel, interest);
	}

	/**
	 * Changes the interest mask of a registered channel. Loop thread only.
	 * @param channel the channel
	 * @param interest the new mask
	 * @return 0, or a negative errno
	 */
	public int modify(LoopChannel channel, int interest) {
		return this.poller.modify(channel, interest);
	}

	/**
	 * Forgets a channel; its events still pending in this batch are ignored. The caller closes the fd,
	 * which also removes it from the epoll set. Loop thread only.
	 * @param channel the channel
	 */
	public void deregister(LoopChannel channel) {
		this.poller.deregister(channel);
	}

	/**
	 * Removes a channel from the epoll set while its fd stays open, so that the fd can be registered
	 * again under a new channel (a connecting socket becoming a connection). Loop thread only.
	 * @param channel the channel
	 */
	public void unregister(LoopChannel channel) {
		this.poller.unregister(channel);
	}

	/**
	 * Calls {@code action} for every channel registered here. Loop thread only.
	 * @param action the action
	 */
	public void forEachChannel(Consumer<LoopChannel> action) {
		this.poller.forEachChannel(action);
	}

	/**
	 * Asks for {@link LoopChannel#onEndOfBatch()} to be called once this iteration's events and tasks
	 * have been processed. Loop thread only.
	 * @param channel the channel
	 */
	public void runAtEndOfBatch(LoopChannel channel) {
		this.endOfBatch.add(channel);
	}

	private void assertInLoop() {
		if (!inLoop()) {
			throw new IllegalStateException("Must be called on " + this.thread.getName());
		}
	}

	private void run() {
		current.set(this);
		try {
			while (this.state == RUNNING || !this.tasks.isEmpty()) {
				int ready = waitForEvents();
				if (ready < 0) {
					continue;
				}
				try {
					processIteration(ready);
				}
				catch (Throwable ex) {
					// Channel and task failures are contained where they happen; what reaches here is
					// an engine fault (or a class that could not load at the fd limit). Keep serving.
					iterationFailed(ex);
				}
			}
		}
		catch (Throwable ex) {
			this.failure = ex;
			logger.error("Event loop {} died", this.thread.getName(), ex);
		}
		finally {
			terminate();
		}
	}

	/** @return ready events, or -1 after a signal interrupted the wait */
	private int waitForEvents() {
		int timeout = this.tasks.isEmpty() ? this.timers.millisUntilNext(System.nanoTime()) : 0;
		if (timeout != 0) {
			this.sleeping.set(true);
			// Re-check after publishing 'sleeping': a task offered before it was visible found no
			// sleeper to wake.
			if (!this.tasks.isEmpty() || this.state != RUNNING) {
				timeout = 0;
			}
		}
		int ready = this.poller.poll(timeout);
		this.sleeping.lazySet(false);
		return ready;
	}

	private void processIteration(int ready) {
		this.stats.iterationStarted(System.nanoTime());
		this.wokenByTask = false;
		this.poller.dispatch(ready);
		this.stats.wokeUp(cause(ready), ready);
		runTasks();
		if (!this.timers.isEmpty()) {
			this.timers.runDue(System.nanoTime(), this::runSafely);
		}
		drainEndOfBatch();
		this.stats.iterationEnded(ready, System.nanoTime());
	}

	private void iterationFailed(Throwable failure) {
		try {
			logger.error("Event loop {} iteration failed", this.thread.getName(), failure);
		}
		catch (Throwable ex) {
			// Logging itself failed; nothing more can be reported.
		}
	}

	private WakeupCause cause(int ready) {
		if (ready == 0) {
			return this.tasks.isEmpty() ? WakeupCause.TIMER : WakeupCause.TASK;
		}
		return (ready == 1 && this.wokenByTask) ? WakeupCause.TASK : WakeupCause.IO;
	}

	private void runTasks() {
		for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
			Runnable task = this.tasks.poll();
			if (task == null) {
				return;
			}
			runSafely(task);
		}
	}

	private void runSafely(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			logger.error("Task failed on {}", this.thread.getName(), ex);
		}
	}

	private void drainEndOfBatch() {
		LoopChannel channel;
		while ((channel = this.endOfBatch.poll()) != null) {
			try {
				channel.onEndOfBatch();
			}
			catch (Throwable ex) {
				channelFailed(channel, ex);
			}
		}
	}

	void channelFailed(LoopChannel channel, Throwable failure) {
		try {
			logger.error("Unhandled error on fd {} in {}", channel.fd, this.thread.getName(), failure);
			channel.onFailure(failure);
		}
		catch (Throwable ex) {
			// Even reporting failed (out of fds, a class could not be loaded): the loop must live on.
		}
	}

	private void terminate() {
		this.state = TERMINATED;
		try {
			forEachChannel((channel) -> {
				try {
					channel.onLoopShutdown();
				}
				catch (Throwable ex) {
					logger.warn("Failed to release fd {} on shutdown", channel.fd, ex);
				}
			});
			this.timers.clear();
			closePoller();
		}
		finally {
			this.terminated.countDown();
		}
	}

	/**
	 * Stops the loop after the tasks already handed over have run; channels still registered are
	 * told to release their fds. Safe from any thread; called by the group.
	 */
	public void shutdown() {
		if (this.state == RUNNING) {
			this.state = SHUTTING_DOWN;
			this.tasks.offer(() -> { });
			this.sleeping.set(true);
			wakeUp();
		}
	}

	/**
	 * Waits for the loop to end after {@link #shutdown()}.
	 * @param timeout how long to wait
	 * @param unit the unit of {@code timeout}
	 * @return {@code true} if the loop ended in time
	 * @throws InterruptedException if the caller is interrupted
	 */
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.terminated.await(timeout, unit);
	}

}
