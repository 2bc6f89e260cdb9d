package dev.sockloop.benchmarks.server;

import java.util.concurrent.TimeUnit;

import dev.sockloop.loop.EventLoop;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.stats.WakeupCause;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Binds a server's stats to a Micrometer {@link SimpleMeterRegistry}, for scenario G (metrics on
 * versus off).
 *
 * <p>This is the benchmarks' stand-in for the autoconfigure module's meter binder, mirroring the
 * meter table of the design notes: gauges and function counters read the engine's plain fields, and
 * the only hot-path work is the per-iteration timer and summary fed by the loop's iteration
 * listener. Once the real binder exists, scenario G should use it instead so it measures what users
 * get.
 */
public final class SockloopMetrics {

	private SockloopMetrics() {
	}

	/**
	 * The per-iteration hot-path part of the binding: a loop-latency timer and a ready-events
	 * summary. Public so that a microbenchmark can price it in isolation.
	 * @param registry where the meters live
	 * @param loopTags the loop's tags
	 * @return the listener to install on the loop's stats
	 */
	public static LoopStats.IterationListener iterationListener(MeterRegistry registry, Tags loopTags) {
		Timer latency = Timer.builder("sockloop.loop.latency").tags(loopTags).register(registry);
		DistributionSummary events = DistributionSummary.builder("sockloop.loop.events")
			.tags(loopTags)
			.register(registry);
		return (durationNanos, readyEvents) -> {
			latency.record(durationNanos, TimeUnit.NANOSECONDS);
			events.record(readyEvents);
		};
	}

	/**
	 * Registers the meters of one server.
	 * @param server the running server
	 * @return closes the registry and removes the iteration listeners
	 */
	static AutoCloseable bind(SocketServer server) {
		MeterRegistry registry = new SimpleMeterRegistry();
		ServerStats stats = server.stats();
		Tags serverTags = Tags.of("server", server.name());
		Gauge.builder("sockloop.connections.active", stats, ServerStats::connectionsActive)
			.tags(serverTags)
			.register(registry);
		FunctionCounter.builder("sockloop.connections.opened", stats, ServerStats::connectionsOpened)
			.tags(serverTags)
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			FunctionCounter.builder("sockloop.connections.closed", stats, (s) -> s.connectionsClosed(reason))
				.tags(serverTags.and("reason", reason.tagValue()))
				.register(registry);
		}
		FunctionCounter.builder("sockloop.bytes.received", stats, ServerStats::bytesReceived)
			.baseUnit("bytes")
			.tags(serverTags)
			.register(registry);
		FunctionCounter.builder("sockloop.bytes.sent", stats, ServerStats::bytesSent)
			.baseUnit("bytes")
			.tags(serverTags)
			.register(registry);
		FunctionCounter.builder("sockloop.backpressure.paused", stats, ServerStats::backpressurePaused)
			.tags(serverTags)
			.register(registry);
		for (EventLoop loop : server.loopGroup().loops()) {
			LoopStats loopStats = loop.stats();
			Tags loopTags = Tags.of("loop", Integer.toString(loop.index()));
			Gauge.builder("sockloop.fds.active", loopStats, LoopStats::fdsActive).tags(loopTags).register(registry);
			for (WakeupCause cause : WakeupCause.values()) {
				FunctionCounter.builder("sockloop.loop.wakeups", loopStats, (s) -> s.wakeups(cause))
					.tags(loopTags.and("cause", cause.tagValue()))
					.register(registry);
			}
			loopStats.setIterationListener(iterationListener(registry, loopTags));
		}
		return () -> {
			for (EventLoop loop : server.loopGroup().loops()) {
				loop.stats().setIterationListener(null);
			}
			registry.close();
		};
	}

}
