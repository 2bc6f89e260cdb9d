package dev.sockloop.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per interval, saying how many were suppressed between, so
 * that a flood (fd exhaustion, a connection limit under attack) cannot flood the log.
 */
final class RateLimitedLog {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Logger logger;

	private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

	private final AtomicLong suppressed = new AtomicLong();

	RateLimitedLog(Logger logger) {
		this.logger = logger;
	}

	void warn(String message) {
		long now = System.nanoTime();
		long last = this.lastLogNanos.get();
		if (now - last >= INTERVAL_NANOS && this.lastLogNanos.compareAndSet(last, now)) {
			long skipped = this.suppressed.getAndSet(0);
			this.logger.warn((skipped > 0) ? message + " (" + skipped + " similar warnings suppressed)" : message);
		}
		else {
			this.suppressed.incrementAndGet();
		}
	}

}
