package dev.sockloop.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.sockloop.autoconfigure.metrics.SockloopMeterBinder;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.WakeupCause;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metrics add to one loop iteration: the stats bookkeeping the loop always does, with and
 * without the iteration listener of the starter's {@link SockloopMeterBinder} (a loop-latency timer
 * and a ready-events summary, both with percentile histograms). Scenario G measures the same thing
 * end to end, but on a two-CPU machine its noise is larger than the effect; this prices it directly.
 *
 * <p>The stats belong to a real, idle loop group: the binder installs its listener there. The idle
 * loop sits in {@code epoll_wait} and does not touch them while the benchmark runs.
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

	/** The registry the binder binds to: {@code none} (not bound), {@code simple} or {@code prometheus}. */
	@Param({ "none", "simple", "prometheus" })
	public String metrics;

	private EventLoopGroup group;

	private SockloopMeterBinder binder;

	private LoopStats stats;

	private long now;

	/**
	 * Creates the loop stats and, when asked, binds them.
	 */
	@Setup
	public void prepare() {
		this.group = new EventLoopGroup(1, "jmh-loop-");
		this.stats = this.group.loops().get(0).stats();
		switch (this.metrics) {
			case "none" -> {
			}
			case "simple" -> bind(new SimpleMeterRegistry());
			case "prometheus" -> bind(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
			default -> throw new IllegalArgumentException("Unknown registry " + this.metrics);
		}
	}

	private void bind(io.micrometer.core.instrument.MeterRegistry registry) {
		this.binder = new SockloopMeterBinder(this.group, new SocketServers(this.group));
		this.binder.bindTo(registry);
	}

	/**
	 * Stops the loop.
	 */
	@TearDown
	public void close() {
		if (this.binder != null) {
			this.binder.destroy();
		}
		this.group.close();
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
