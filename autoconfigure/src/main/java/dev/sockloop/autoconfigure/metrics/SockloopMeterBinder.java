package dev.sockloop.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketServerStartedEvent;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.AcceptError;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.ServerLoopStats;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.stats.WakeupCause;
import dev.sockloop.tls.TlsStats;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(SockloopMeterBinder.class);

	/**
	 * Bucket bounds of the loop-latency histogram: fixed buckets rather than a percentile
	 * histogram, because a sample is recorded on every loop iteration and a search in fixed bounds
	 * costs a fraction of a percentile histogram's bookkeeping, and these bounds cover what an
	 * operator asks of a loop, from a few microseconds of work to a loop blocked for seconds.
	 */
	private static final Duration[] LATENCY_BUCKETS = Stream
		.of(5_000L, 10_000L, 25_000L, 50_000L, 100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L,
				10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L,
				2_500_000_000L, 10_000_000_000L)
		.map(Duration::ofNanos)
		.toArray(Duration[]::new);

	private static final long DRAIN_INTERVAL_MILLIS = 20;

	/** Bucket bounds of the ready-events-per-iteration histogram. */
	private static final double[] EVENTS_BUCKETS = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };

	private final EventLoopGroup loopGroup;

	private final SocketServers servers;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final List<IterationRecorder> recorders;

	/** Function counters hold their object weakly: keep stopped servers' stats reachable. */
	private final Set<Object> boundServers = ConcurrentHashMap.newKeySet();

	/** Moves iteration samples from the loops' rings into the meters, off the loops. */
	private volatile ScheduledExecutorService drainer;

	/**
	 * Creates a binder for the given loops and the servers that run on them, their TLS counters
	 * included.
	 * @param loopGroup the loops
	 * @param servers the registry of running servers
	 */
	public SockloopMeterBinder(EventLoopGroup loopGroup, SocketServers servers) {
		this.loopGroup = loopGroup;
		this.servers = servers;
		this.recorders = loopGroup.loops().stream().map((loop) -> new IterationRecorder()).toList();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.registries.contains(registry)) {
			return;
		}
		this.registries.add(registry);
		// One meter carries the transport as a tag, rather than a tag on every meter: two values at
		// most, and dashboards join on it only where they need it.
		Gauge.builder("sockloop.loops", this.loopGroup, EventLoopGroup::size)
			.description("Event loops, tagged with the transport they run on (epoll or nio)")
			.tag("transport", this.loopGroup.transport().tagValue())
			.register(registry);
		for (EventLoop loop : this.loopGroup.loops()) {
			bindLoop(registry, loop);
		}
		startDrainer();
		for (SocketServer server : this.servers.asMap().values()) {
			bindServer(registry, server);
		}
	}

	@Override
	public void onApplicationEvent(SocketServerStartedEvent event) {
		SocketServer server = event.getServer();
		for (MeterRegistry registry : this.registries) {
			bindServer(registry, server);
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
		ScheduledExecutorService executor = this.drainer;
		if (executor != null) {
			executor.shutdownNow();
		}
		drain();
	}

	/**
	 * Records the iteration samples the loops have stored so far; the drainer does this every
	 * {@value #DRAIN_INTERVAL_MILLIS} ms, so meters lag the loops by at most that.
	 */
	public void drain() {
		for (IterationRecorder recorder : this.recorders) {
			recorder.drain();
		}
	}

	/** A scheduled task that throws is never run again: a failing registry must not stop the drain. */
	private void drainQuietly() {
		try {
			drain();
		}
		catch (RuntimeException ex) {
			logger.warn("Recording loop iteration samples failed", ex);
		}
	}

	private synchronized void startDrainer() {
		if (this.drainer == null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "sockloop-metrics-drain");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleWithFixedDelay(this::drainQuietly, DRAIN_INTERVAL_MILLIS, DRAIN_INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
			this.drainer = executor;
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
		FunctionCounters counters = new FunctionCounters(registry, tags);
		for (WakeupCause cause : WakeupCause.values()) {
			counters.and("cause", cause.tagValue())
				.count("sockloop.loop.wakeups", stats, (s) -> s.wakeups(cause), "Returns from epoll_wait, by cause");
		}
		Timer latency = Timer.builder("sockloop.loop.latency")
			.description("Time to process one batch of ready events, tasks and timers")
			.tags(tags)
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(registry);
		DistributionSummary events = DistributionSummary.builder("sockloop.loop.events")
			.description("Ready events processed per loop iteration")
			.tags(tags)
			.serviceLevelObjectives(EVENTS_BUCKETS)
			.register(registry);
		IterationRecorder recorder = this.recorders.get(loop.index());
		recorder.add(latency, events);
		counters.count("sockloop.loop.samples.dropped", recorder, IterationRecorder::dropped,
				"Iteration samples not recorded in sockloop.loop.latency because the metrics drain fell behind");
		stats.setIterationListener(recorder);
	}

	private void bindServer(MeterRegistry registry, SocketServer socketServer) {
		ServerStats stats = socketServer.stats();
		this.boundServers.add(stats);
		Tags server = Tags.of("server", stats.serverName());
		Gauge.builder("sockloop.connections.active", stats, ServerStats::connectionsActive)
			.description("Open connections")
			.tags(server)
			.strongReference(true)
			.register(registry);
		FunctionCounters counters = new FunctionCounters(registry, server);
		counters.count("sockloop.frames.rejected", stats, ServerStats::framesRejected,
				"Frames over the size limit or undecodable");
		counters.count("sockloop.handler.errors", stats, ServerStats::handlerErrors,
				"Handlers that threw or whose publisher errored");
		for (ServerLoopStats slice : stats.loops()) {
			bindServerLoop(counters.and("loop", Integer.toString(slice.loopIndex())), slice);
		}
		TlsStats tls = socketServer.tlsStats().orElse(null);
		if (tls != null) {
			this.boundServers.add(tls);
			bindHandshakes(counters, tls, "completed", TlsStats::handshakesCompleted);
			bindHandshakes(counters, tls, "failed", TlsStats::handshakeFailures);
			bindHandshakes(counters, tls, "timeout", TlsStats::handshakeTimeouts);
			counters.count("sockloop.tls.renegotiations.refused", tls, TlsStats::renegotiationsRefused,
					"Connections closed because the client started a TLS renegotiation");
		}
	}

	private static void bindHandshakes(FunctionCounters counters, TlsStats tls, String outcome,
			ToDoubleFunction<TlsStats> count) {
		counters.and("outcome", outcome).count("sockloop.tls.handshakes", tls, count, "TLS handshakes, by outcome");
	}

	private static void bindServerLoop(FunctionCounters counters, ServerLoopStats slice) {
		counters.count("sockloop.connections.opened", slice, ServerLoopStats::connectionsOpened, "Connections accepted");
		for (CloseReason reason : CloseReason.values()) {
			counters.and("reason", reason.tagValue())
				.count("sockloop.connections.closed", slice, (s) -> s.connectionsClosed(reason),
						"Connections closed, by reason");
		}
		for (AcceptError error : AcceptError.values()) {
			counters.and("errno", error.tagValue())
				.count("sockloop.accept.errors", slice, (s) -> s.acceptErrors(error), "Failed accepts, by errno");
		}
		counters.bytes("sockloop.bytes.received", slice, ServerLoopStats::bytesReceived, "Bytes read from sockets");
		counters.bytes("sockloop.bytes.sent", slice, ServerLoopStats::bytesSent, "Bytes written to sockets");
		counters.count("sockloop.backpressure.paused", slice, ServerLoopStats::backpressurePaused,
				"Reads paused for lack of demand, or writes over the high-water mark");
	}

}
