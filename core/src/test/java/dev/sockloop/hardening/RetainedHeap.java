package dev.sockloop.hardening;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap that survives garbage collection: what a test means by "memory a connection costs". One
 * collection may leave floating garbage behind (objects freed by finalization or reference
 * processing), so several are run and the smallest figure is taken.
 */
final class RetainedHeap {

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private RetainedHeap() {
	}

	/**
	 * Collects garbage several times and returns the heap still in use.
	 * @return used heap bytes after collection
	 */
	static long bytes() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
