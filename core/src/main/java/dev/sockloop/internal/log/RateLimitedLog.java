package dev.sockloop.internal.log;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logs a recurring warning at most once per interval, saying how many were suppressed between, so
 * that a flood (fd exhaustion, a connection limit under attack, a peer that sends garbage) cannot
 * flood the log. Everything a peer can cause is logged through one of these.
 */
public final class RateLimitedLog {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Logger logger;

	private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Create a log that writes to the given logger at most once every ten seconds.
	 * @param logger the logger that receives the warnings that are not suppressed
	 */
	public RateLimitedLog(Logger logger) {
		this.logger = logger;
	}

	/**
	 * Log a warning unless one was logged in the last interval.
	 * @param message the message
	 */
	public void warn(String message) {
		if (tryAcquire()) {
			this.logger.warn(withSuppressedCount(message));
		}
	}

	/**
	 * Log a warning with SLF4J {@code {}} placeholders unless one was logged in the last interval. A
	 * trailing {@link Throwable} argument is logged with its stack trace. The message is formatted only
	 * when it is logged.
	 * @param format the message format
	 * @param arguments the arguments, optionally followed by a throwable
	 */
	public void warn(String format, Object... arguments) {
		if (tryAcquire()) {
			FormattingTuple formatted = MessageFormatter.arrayFormat(format, arguments);
			this.logger.warn(withSuppressedCount(formatted.getMessage()), formatted.getThrowable());
		}
	}

	/**
	 * Log a warning with a stack trace unless one was logged in the last interval.
	 * @param message the message
	 * @param cause the throwable whose stack trace is logged
	 */
	public void warn(String message, Throwable cause) {
		if (tryAcquire()) {
			this.logger.warn(withSuppressedCount(message), cause);
		}
	}

	private boolean tryAcquire() {
		long now = System.nanoTime();
		long last = this.lastLogNanos.get();
		if (now - last >= INTERVAL_NANOS && this.lastLogNanos.compareAndSet(last, now)) {
			return true;
		}
		this.suppressed.incrementAndGet();
		return false;
	}

	private String withSuppressedCount(String message) {
		long skipped = this.suppressed.getAndSet(0);
		return (skipped > 0) ? message + " (" + skipped + " similar warnings suppressed)" : message;
	}

}
