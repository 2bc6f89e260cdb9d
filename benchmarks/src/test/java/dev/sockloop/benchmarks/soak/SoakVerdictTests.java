package dev.sockloop.benchmarks.soak;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SoakVerdictTests {

	private static final long MIB = 1024 * 1024;

	private final ProcessSnapshot start = new ProcessSnapshot(40, 30 * MIB, 12, Set.of("main", "sockloop-echo-0"));

	@Test
	void passesWhenNothingGrewAndHeapStayedWithinTolerance() {
		ProcessSnapshot end = new ProcessSnapshot(40, 40 * MIB, 12, Set.of("main", "sockloop-echo-0"));
		SoakVerdict verdict = SoakVerdict.judge(this.start, end, 16 * MIB, 0);
		assertThat(verdict.passed()).isTrue();
		assertThat(verdict.describe()).startsWith("PASS: fds +0, threads +0, heap after GC +10.0 MiB");
	}

	@Test
	void failsNamingEveryThingThatGrew() {
		ProcessSnapshot end = new ProcessSnapshot(41, 50 * MIB, 13, Set.of("main", "sockloop-echo-0", "stray"));
		SoakVerdict verdict = SoakVerdict.judge(this.start, end, 16 * MIB, 3);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.problems()).containsExactly("open fds grew by 1", "threads grew by 1 (new: [stray])",
				"heap after GC grew by 20.0 MiB, over the 16.0 MiB tolerance", "3 echo or churn errors");
		assertThat(verdict.describe()).startsWith("FAIL: open fds grew by 1;");
	}

}
