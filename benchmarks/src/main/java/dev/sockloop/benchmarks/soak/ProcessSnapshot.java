package dev.sockloop.benchmarks.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What this JVM holds at one moment: open file descriptors, heap used after a full GC, and live
 * threads (with their names, to say which ones appeared).
 *
 * @param openFds entries in {@code /proc/self/fd}
 * @param heapUsedAfterGc heap bytes in use right after {@link System#gc()}
 * @param threads live threads as {@code ThreadMXBean} counts them (JIT and GC threads excluded)
 * @param threadNames names of the live threads
 */
public record ProcessSnapshot(int openFds, long heapUsedAfterGc, int threads, Set<String> threadNames) {

	/**
	 * Takes a snapshot of this JVM, collecting garbage first.
	 * @return the snapshot
	 * @throws IOException if {@code /proc/self/fd} cannot be read
	 */
	public static ProcessSnapshot take() throws IOException {
		// Twice: the first collection may only queue finalizable and cleanable objects (sockets'
		// cleaners among them) whose memory the second one frees.
		System.gc();
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		var threadBean = ManagementFactory.getThreadMXBean();
		Set<String> names = Arrays.stream(threadBean.getThreadInfo(threadBean.getAllThreadIds()))
			.filter(Objects::nonNull)
			.map(ThreadInfo::getThreadName)
			.collect(Collectors.toCollection(TreeSet::new));
		return new ProcessSnapshot(countOpenFds(), heap, threadBean.getThreadCount(), names);
	}

	/**
	 * Open file descriptors of this process.
	 * @return the count
	 * @throws IOException if {@code /proc/self/fd} cannot be read
	 */
	public static int countOpenFds() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			// Minus one: listing the directory opens it.
			return (int) fds.count() - 1;
		}
	}

	/**
	 * One line for a report.
	 * @return fds, heap and threads
	 */
	public String describe() {
		return String.format("open fds %d, heap after GC %.1f MiB, threads %d", this.openFds,
				this.heapUsedAfterGc / (1024.0 * 1024), this.threads);
	}

}
