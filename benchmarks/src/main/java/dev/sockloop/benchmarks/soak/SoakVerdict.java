package dev.sockloop.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a soak run leaked: open fds and threads must not grow from start to end, and heap used
 * after GC may grow by at most a tolerance (caches, JIT-related metadata and histogram buckets
 * settle slowly; a leak per connection grows without bound over millions of connections).
 *
 * @param start the snapshot after warm-up
 * @param end the snapshot after the load stopped and connections drained
 * @param heapToleranceBytes allowed heap growth
 * @param loadErrors errors the load and churn clients counted
 * @param problems what grew, empty when the run passed
 */
public record SoakVerdict(ProcessSnapshot start, ProcessSnapshot end, long heapToleranceBytes, long loadErrors,
		List<String> problems) {

	/**
	 * Judges a run.
	 * @param start the snapshot after warm-up
	 * @param end the snapshot at the end
	 * @param heapToleranceBytes allowed heap growth
	 * @param loadErrors errors counted by the clients
	 * @return the verdict
	 */
	public static SoakVerdict judge(ProcessSnapshot start, ProcessSnapshot end, long heapToleranceBytes,
			long loadErrors) {
		List<String> problems = new ArrayList<>();
		if (end.openFds() > start.openFds()) {
			problems.add(String.format("open fds grew by %d", end.openFds() - start.openFds()));
		}
		if (end.threads() > start.threads()) {
			Set<String> added = new TreeSet<>(end.threadNames());
			added.removeAll(start.threadNames());
			problems.add(String.format("threads grew by %d (new: %s)", end.threads() - start.threads(), added));
		}
		long heapGrowth = end.heapUsedAfterGc() - start.heapUsedAfterGc();
		if (heapGrowth > heapToleranceBytes) {
			problems.add(String.format("heap after GC grew by %.1f MiB, over the %.1f MiB tolerance",
					heapGrowth / (1024.0 * 1024), heapToleranceBytes / (1024.0 * 1024)));
		}
		if (loadErrors > 0) {
			problems.add(loadErrors + " echo or churn errors");
		}
		return new SoakVerdict(start, end, heapToleranceBytes, loadErrors, List.copyOf(problems));
	}

	/**
	 * Whether nothing grew and nothing failed.
	 * @return true if the run passed
	 */
	public boolean passed() {
		return this.problems.isEmpty();
	}

	/**
	 * The verdict line.
	 * @return {@code PASS: ...} or {@code FAIL: ...}
	 */
	public String describe() {
		long heapGrowth = this.end.heapUsedAfterGc() - this.start.heapUsedAfterGc();
		String deltas = String.format("fds %+d, threads %+d, heap after GC %+.1f MiB (tolerance %.0f MiB), errors %d",
				this.end.openFds() - this.start.openFds(), this.end.threads() - this.start.threads(),
				heapGrowth / (1024.0 * 1024), this.heapToleranceBytes / (1024.0 * 1024), this.loadErrors);
		Set<String> appeared = new TreeSet<>(this.end.threadNames());
		appeared.removeAll(this.start.threadNames());
		Set<String> gone = new TreeSet<>(this.start.threadNames());
		gone.removeAll(this.end.threadNames());
		String threads = (appeared.isEmpty() && gone.isEmpty()) ? ""
				: String.format("; threads appeared %s, gone %s", appeared, gone);
		return (passed() ? "PASS: " + deltas : "FAIL: " + String.join("; ", this.problems) + " (" + deltas + ")")
				+ threads;
	}

}
