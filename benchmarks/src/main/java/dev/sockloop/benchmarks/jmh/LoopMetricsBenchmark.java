package dev.sockloop.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.sockloop.benchmarks.server.SockloopMetrics;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.WakeupCause;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metrics add to one loop iteration: the stats bookkeeping the loop always does, with and
 * without the Micrometer iteration listener. Scenario G measures the same thing end to end, but on
 * a busy two-CPU machine its noise is larger than the effect; this prices it directly.
 *
 * <p>Run with {@code java -jar benchmarks/target/sockloop-benchmarks.jar jmh LoopMetricsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopMetricsBenchmark {

	/** Whether the Micrometer listener is installed. */
	@Param({ "false", "true" })
	public boolean metrics;

	private LoopStats stats;

	private long now;

	/**
	 * Creates the loop stats and, when asked, binds them.
	 */
	@Setup
	public void prepare() {
		this.stats = new LoopStats(0);
		if (this.metrics) {
			this.stats.setIterationListener(
					SockloopMetrics.iterationListener(new SimpleMeterRegistry(), Tags.of("loop", "0")));
		}
	}

	/**
	 * One wake-up and one iteration end, as the loop records them.
	 * @return the iteration count, so the work is not eliminated
	 */
	@Benchmark
	public long oneIteration() {
		long start = this.now;
		this.now += 2_000;
		this.stats.iterationStarted(start);
		this.stats.wokeUp(WakeupCause.IO, 1);
		this.stats.iterationEnded(1, this.now);
		return this.stats.iterations();
	}

}
