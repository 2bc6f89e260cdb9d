package dev.sockloop.server;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline, polling every millisecond: tests synchronise on what
 * they can observe, never on how long something ought to take.
 */
public final class Await {

	private Await() {
	}

	/**
	 * Returns as soon as {@code condition} holds.
	 * @param timeout how long to wait at most
	 * @param condition the condition
	 * @param description what is awaited, for the failure message
	 * @throws AssertionError if the condition does not hold in time
	 */
	public static void until(Duration timeout, BooleanSupplier condition, String description) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out after " + timeout + " waiting until " + description);
			}
			LockSupport.parkNanos(1_000_000);
		}
	}

}
