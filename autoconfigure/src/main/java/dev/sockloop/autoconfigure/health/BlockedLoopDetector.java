package dev.sockloop.autoconfigure.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.transport.EventLoopGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Warns when a loop iteration runs longer than a threshold, with the loop thread's stack trace:
 * a handler blocking the loop (a blocking call, a lock, a long computation) is the most common
 * mistake with a reactor, and the stack trace says where it is.
 *
 * <p>One daemon thread samples every loop's iteration start time; the loop itself does nothing
 * extra. Each blocked iteration is reported once, and each loop at most once per
 * {@link #MIN_WARNING_INTERVAL}, so that a handler that blocks on every message does not flood the
 * log.
 */
public final class BlockedLoopDetector implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BlockedLoopDetector.class);

	/** Shortest time between two warnings about the same loop. */
	static final Duration MIN_WARNING_INTERVAL = Duration.ofSeconds(10);

	private static final Duration MAX_CHECK_INTERVAL = Duration.ofMillis(500);

	private final EventLoopGroup loopGroup;

	private final Duration threshold;

	private final long[] reportedIterationStart;

	private final long[] lastWarningNanos;

	private ScheduledExecutorService scheduler;

	/**
	 * Creates a detector for the given loops.
	 * @param loopGroup the loops to watch
	 * @param threshold iteration duration above which a warning is logged
	 */
	public BlockedLoopDetector(EventLoopGroup loopGroup, Duration threshold) {
		this.loopGroup = loopGroup;
		this.threshold = threshold;
		this.reportedIterationStart = new long[loopGroup.size()];
		this.lastWarningNanos = new long[loopGroup.size()];
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null || this.threshold.isNegative() || this.threshold.isZero()) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sockloop-blocked-loop-detector");
			thread.setDaemon(true);
			return thread;
		});
		// A short threshold (tests) is checked more often, so that it is noticed near its deadline.
		long interval = Math.max(10, Math.min(MAX_CHECK_INTERVAL.toMillis(), this.threshold.toMillis() / 2));
		this.scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	void check() {
		long now = System.nanoTime();
		for (EventLoop loop : this.loopGroup.loops()) {
			try {
				check(loop, now);
			}
			catch (RuntimeException ex) {
				logger.debug("Blocked-loop check of " + loop.threadName() + " failed", ex);
			}
		}
	}

	private void check(EventLoop loop, long now) {
		int i = loop.index();
		long start = loop.stats().iterationStartNanos();
		if (start == 0 || now - start <= this.threshold.toNanos() || start == this.reportedIterationStart[i]) {
			return;
		}
		if (this.lastWarningNanos[i] != 0 && now - this.lastWarningNanos[i] < MIN_WARNING_INTERVAL.toNanos()) {
			return;
		}
		StackTraceElement[] stack = loop.thread().getStackTrace();
		// The iteration may have ended while the stack was taken; then the stack shows another one.
		if (loop.stats().iterationStartNanos() != start) {
			return;
		}
		this.reportedIterationStart[i] = start;
		this.lastWarningNanos[i] = now;
		logger.warn("Event loop " + loop.threadName() + " has been running one iteration for "
				+ Duration.ofNanos(now - start).toMillis() + " ms (threshold " + this.threshold.toMillis()
				+ " ms): a handler is blocking it. Move blocking work off the loop, for example with "
				+ "publishOn(Schedulers.boundedElastic()).", new BlockedLoopException(loop.threadName(), stack));
	}

	/**
	 * Carries the blocked loop thread's stack trace, so that the log shows where the loop is
	 * stuck as if that thread had thrown.
	 */
	static final class BlockedLoopException extends RuntimeException {

		BlockedLoopException(String threadName, StackTraceElement[] stack) {
			super("Stack trace of " + threadName, null, false, true);
			setStackTrace(stack);
		}

	}

}
