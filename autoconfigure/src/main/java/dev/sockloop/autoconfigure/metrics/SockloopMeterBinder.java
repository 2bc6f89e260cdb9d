package dev.sockloop.autoconfigure.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.sockloop.autoconfigure.SocketServerStartedEvent;
import dev.sockloop.autoconfigure.SocketServers;
import dev.sockloop.autoconfigure.SocketServersTlsStats;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.EventLoopGroup;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.AcceptError;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.ServerLoopStats;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.stats.WakeupCause;
import dev.sockloop.tls.TlsStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;

/**
 * Binds the engine's counters to Micrometer: meters read the per-loop fields the engine keeps, so
 * that nothing is looked up in a registry per event. Only the loop latency timer and the
 * ready-events summary are recorded as they happen, once per loop iteration.
 *
 * <p>Loop meters are bound with the registry. Servers start after the context is refreshed, so
 * their meters are bound when each one starts ({@link SocketServerStartedEvent}), and at binding
 * time for servers already running.
 *
 * <p>Tags come from bounded sets only: server name, loop index and enum values.
 */
public final class SockloopMeterBinder implements MeterBinder, ApplicationListener<SocketServerStartedEvent>,
		DisposableBean {

	/** Loop iterations take microseconds; Micrometer's default timer range starts at 1 ms. */
	private static final Duration LATENCY_MIN = Duration.ofNanos(1_000);

	private static final Duration LATENCY_MAX = Duration.ofSeconds(10);

	private final EventLoopGroup loopGroup;

	private final SocketServers servers;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final List<IterationRecorder> recorders;

	/** Function counters hold their object weakly: keep stopped servers' stats reachable. */
	private final Set<Object> boundServers = ConcurrentHashMap.newKeySet();

	private final SocketServersTlsStats tlsStats;

	/**
	 * Creates a binder for the given loops and the servers that run on them.
	 * @param loopGroup the loops
	 * @param servers the registry of running servers
	 */
	public SockloopMeterBinder(EventLoopGroup loopGroup, SocketServers servers) {
		this(loopGroup, servers, null);
	}

	/**
	 * Creates a binder for the given loops, the servers that run on them and their TLS counters.
	 * @param loopGroup the loops
	 * @param servers the registry of running servers
	 * @param tlsStats the TLS counters of servers that speak TLS, or {@code null}
	 */
	public SockloopMeterBinder(EventLoopGroup loopGroup, SocketServers servers, SocketServersTlsStats tlsStats) {
		this.loopGroup = loopGroup;
		this.servers = servers;
		this.tlsStats = tlsStats;
		this.recorders = loopGroup.loops().stream().map((loop) -> new IterationRecorder()).toList();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.registries.contains(registry)) {
			return;
		}
		this.registries.add(registry);
		for (EventLoop loop : this.loopGroup.loops()) {
			bindLoop(registry, loop);
		}
		for (SocketServer server : this.servers.asMap().values()) {
			bindServer(registry, server.stats());
		}
	}

	@Override
	public void onApplicationEvent(SocketServerStartedEvent event) {
		ServerStats stats = event.getServer().stats();
		for (MeterRegistry registry : this.registries) {
			bindServer(registry, stats);
		}
	}

	/**
	 * Stops recording loop iterations.
	 */
	@Override
	public void destroy() {
		for (EventLoop loop : this.loopGroup.loops()) {
			loop.stats().setIterationListener(null);
		}
	}

	private void bindLoop(MeterRegistry registry, EventLoop loop) {
		LoopStats stats = loop.stats();
		Tags tags = Tags.of("loop", Integer.toString(loop.index()));
		Gauge.builder("sockloop.fds.active", stats, LoopStats::fdsActive)
			.description("File descriptors registered in the loop's epoll set")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		for (WakeupCause cause : WakeupCause.values()) {
			FunctionCounter.builder("sockloop.loop.wakeups", stats, (s) -> s.wakeups(cause))
				.description("Returns from epoll_wait, by cause")
				.tags(tags)
				.tag("cause", cause.tagValue())
				.register(registry);
		}
		Timer latency = Timer.builder("sockloop.loop.latency")
			.description("Time to process one batch of ready events, tasks and timers")
			.tags(tags)
			.publishPercentileHistogram()
			.minimumExpectedValue(LATENCY_MIN)
			.maximumExpectedValue(LATENCY_MAX)
			.register(registry);
		DistributionSummary events = DistributionSummary.builder("sockloop.loop.events")
			.description("Ready events processed per loop iteration")
			.tags(tags)
			.publishPercentileHistogram()
			.minimumExpectedValue(1.0)
			.maximumExpectedValue(512.0)
			.register(registry);
		IterationRecorder recorder = this.recorders.get(loop.index());
		recorder.add(latency, events);
		stats.setIterationListener(recorder);
	}

	private void bindServer(MeterRegistry registry, ServerStats stats) {
		this.boundServers.add(stats);
		Tags server = Tags.of("server", stats.serverName());
		Gauge.builder("sockloop.connections.active", stats, ServerStats::connectionsActive)
			.description("Open connections")
			.tags(server)
			.strongReference(true)
			.register(registry);
		FunctionCounter.builder("sockloop.frames.rejected", stats, ServerStats::framesRejected)
			.description("Frames over the size limit or undecodable")
			.tags(server)
			.register(registry);
		FunctionCounter.builder("sockloop.handler.errors", stats, ServerStats::handlerErrors)
			.description("Handlers that threw or whose publisher errored")
			.tags(server)
			.register(registry);
		for (ServerLoopStats slice : stats.loops()) {
			bindServerLoop(registry, server.and("loop", Integer.toString(slice.loopIndex())), slice);
		}
		TlsStats tls = (this.tlsStats != null) ? this.tlsStats.get(stats.serverName()) : null;
		if (tls != null) {
			this.boundServers.add(tls);
			FunctionCounter.builder("sockloop.tls.handshakes", tls, TlsStats::handshakesCompleted)
				.description("TLS handshakes, by outcome")
				.tags(server)
				.tag("outcome", "completed")
				.register(registry);
			FunctionCounter.builder("sockloop.tls.handshakes", tls, TlsStats::handshakeFailures)
				.description("TLS handshakes, by outcome")
				.tags(server)
				.tag("outcome", "failed")
				.register(registry);
		}
	}

	private void bindServerLoop(MeterRegistry registry, Tags tags, ServerLoopStats slice) {
		FunctionCounter.builder("sockloop.connections.opened", slice, ServerLoopStats::connectionsOpened)
			.description("Connections accepted")
			.tags(tags)
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			FunctionCounter.builder("sockloop.connections.closed", slice, (s) -> s.connectionsClosed(reason))
				.description("Connections closed, by reason")
				.tags(tags)
				.tag("reason", reason.tagValue())
				.register(registry);
		}
		for (AcceptError error : AcceptError.values()) {
			FunctionCounter.builder("sockloop.accept.errors", slice, (s) -> s.acceptErrors(error))
				.description("Failed accepts, by errno")
				.tags(tags)
				.tag("errno", error.tagValue())
				.register(registry);
		}
		FunctionCounter.builder("sockloop.bytes.received", slice, ServerLoopStats::bytesReceived)
			.description("Bytes read from sockets")
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.bytes.sent", slice, ServerLoopStats::bytesSent)
			.description("Bytes written to sockets")
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.backpressure.paused", slice, ServerLoopStats::backpressurePaused)
			.description("Reads paused for lack of demand, or writes over the high-water mark")
			.tags(tags)
			.register(registry);
	}

	/**
	 * Records each iteration of one loop into that loop's timer and summary, in every registry.
	 * Runs on the loop thread: two array reads and the meters' own lock-free updates.
	 */
	private static final class IterationRecorder implements LoopStats.IterationListener {

		private volatile Timer[] latencies = new Timer[0];

		private volatile DistributionSummary[] events = new DistributionSummary[0];

		synchronized void add(Timer latency, DistributionSummary summary) {
			Timer[] timers = Arrays.copyOf(this.latencies, this.latencies.length + 1);
			timers[timers.length - 1] = latency;
			DistributionSummary[] summaries = Arrays.copyOf(this.events, this.events.length + 1);
			summaries[summaries.length - 1] = summary;
			this.events = summaries;
			this.latencies = timers;
		}

		@Override
		public void iterationEnded(long durationNanos, int readyEvents) {
			Timer[] timers = this.latencies;
			DistributionSummary[] summaries = this.events;
			for (int i = 0; i < timers.length && i < summaries.length; i++) {
				timers[i].record(durationNanos, TimeUnit.NANOSECONDS);
				summaries[i].record(readyEvents);
			}
		}

	}

}
