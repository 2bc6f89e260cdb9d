package dev.sockloop.client;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap that survives garbage collection, the smallest of several collections (one may leave
 * floating garbage behind): what a client test means by "memory".
 */
final class RetainedHeapOfClient {

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private RetainedHeapOfClient() {
	}

	static long bytes() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
