package dev.sockloop.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sockloop.benchmarks.Arguments;
import dev.sockloop.benchmarks.load.IdleConnections;
import dev.sockloop.benchmarks.load.MeasurementWindow;
import dev.sockloop.benchmarks.report.Json;
import dev.sockloop.benchmarks.server.Transport;
import dev.sockloop.benchmarks.server.UdpEchoServers;

/**
 * {@code compare}: every scenario, every transport, several rounds, servers and load in separate
 * JVMs pinned to separate CPUs; prints medians and ratios to Netty and writes JSON and a chart.
 *
 * <p>Within a round the order of transports rotates, so that no transport always runs first (cold
 * page cache, CPU frequency) or last (other work on the machine); medians then damp one-off noise.
 */
public final class CompareCommand {

	private static final List<String> DEFAULT_TRANSPORTS = List.of("netty", "reactor-netty", "nio", "sockloop",
			"spring");

	/** Transports whose metrics scenario G compares on and off. */
	private static final List<Transport> METRICS_TRANSPORTS = List.of(Transport.SOCKLOOP, Transport.SPRING);

	/**
	 * Runs of each of metrics on and off per transport and round in scenario G, alternating: the
	 * effect is a few percent, smaller than the drift of a shared machine over a minute, so each
	 * "on" run is paired with the "off" run next to it.
	 */
	private static final int METRICS_PAIRS = 2;

	private static final String SERVER_READY = "listening on ";

	/** The CPU servers are pinned to; load generators run on {@link #LOAD_CPU}. */
	private static final int SERVER_CPU = 0;

	private static final int LOAD_CPU = 1;

	private static final String IDLE_READY = "holding ";

	/** Idle connections per idle-holding process: below the 20,000 open-files limit with room to spare. */
	private static final int IDLE_PER_PROCESS = 15_000;

	private final int rounds;

	private final Duration duration;

	private final Duration warmup;

	private final List<Scenario> scenarios;

	private final List<Transport> transports;

	private final int idleConnections;

	private final int serverLoops;

	private final List<String> serverJvmArgs;

	private final boolean pin;

	private final Path json;

	private final Path svg;

	private final Path logs;

	private CompareCommand(Arguments args) {
		this.rounds = args.integer("rounds", 3);
		this.duration = args.duration("duration", Duration.ofSeconds(10));
		this.warmup = args.duration("warmup", Duration.ofSeconds(3));
		this.scenarios = args.list("scenarios", Scenario.defaultNames())
			.stream()
			.map(Scenario::of)
			.toList();
		this.transports = args.list("transports", DEFAULT_TRANSPORTS).stream().map(Transport::of).toList();
		this.idleConnections = args.integer("idle-connections", 15_000);
		this.serverLoops = args.integer("loops", 1);
		String jvmArgs = args.string("server-jvm-args", "").trim();
		this.serverJvmArgs = jvmArgs.isEmpty() ? List.of() : Arrays.asList(jvmArgs.split("\\s+"));
		this.pin = !args.flag("no-pin") && tasksetWorks();
		this.json = Path.of(args.string("json", "benchmarks/target/compare-results.json"));
		this.svg = Path.of(args.string("svg", "docs/performance-chart.svg"));
		this.logs = Path.of(args.string("logs", "benchmarks/target/compare-logs"));
		args.rejectUnknown();
	}

	/**
	 * Runs the comparison.
	 * @param args the command's options
	 * @throws Exception if the results cannot be written
	 */
	public static void run(Arguments args) throws Exception {
		new CompareCommand(args).run();
	}

	private void run() throws IOException, InterruptedException {
		Map<Scenario, List<Contender>> contenders = new LinkedHashMap<>();
		for (Scenario scenario : this.scenarios) {
			List<Contender> list = contendersOf(scenario);
			if (list.isEmpty()) {
				System.out.println("Skipping " + scenario + ((scenario.kind() == Scenario.Kind.UDP_ECHO)
						? ": it needs a transport with a UDP echo (sockloop, nio-sockloop, netty, spring)"
						: ": it needs the sockloop or spring transport"));
			}
			else {
				contenders.put(scenario, list);
			}
		}
		double load = ProcessStatus.loadAverage();
		if (load > 1.0) {
			System.out.printf("Load average is %.1f before starting: other work on this machine will show in the "
					+ "figures%n", load);
		}
		if (!this.pin) {
			System.out.println("taskset is not usable: servers and load share the CPUs, numbers are less stable");
		}
		System.out.printf("Comparing %s over %d round(s), %s measured after %s warm-up%n", contenders.keySet(),
				this.rounds, this.duration, this.warmup);
		List<Measurement> measurements = new ArrayList<>();
		for (int round = 1; round <= this.rounds; round++) {
			for (Map.Entry<Scenario, List<Contender>> entry : contenders.entrySet()) {
				if (entry.getKey().kind() == Scenario.Kind.METRICS) {
					runMetricsPairs(round, entry.getKey(), entry.getValue(), measurements);
					continue;
				}
				List<Contender> order = new ArrayList<>(entry.getValue());
				Collections.rotate(order, -(round - 1));
				for (Contender contender : order) {
					Measurement measurement = measure(round, entry.getKey(), contender, 0);
					measurements.add(measurement);
					System.out.println(progressLine(measurement));
				}
			}
		}
		Map<Scenario, List<String>> labels = new LinkedHashMap<>();
		contenders.forEach((scenario, list) -> labels.put(scenario, list.stream().map(Contender::label).toList()));
		ComparisonReport report = new ComparisonReport(MachineInfo.describe(), settings(),
				new ArrayList<>(contenders.keySet()), labels, measurements);
		System.out.println();
		System.out.print(report.markdown());
		System.out.printf("%nMedian one-minute load average after a run: %.1f (a run alone brings it towards 2 on two "
				+ "CPUs)%n", report.medianLoadAverage());
		write(this.json, Json.writePretty(report.toMap()));
		write(this.svg, BarChartSvg.render(report));
		System.out.println();
		System.out.println("Wrote " + this.json + " and " + this.svg);
	}

	/**
	 * Scenario G in one round: per transport, metrics on and off alternately, {@link #METRICS_PAIRS}
	 * times each, starting with "on" in odd rounds and "off" in even ones.
	 */
	private void runMetricsPairs(int round, Scenario scenario, List<Contender> contenders,
			List<Measurement> measurements) {
		List<Transport> bases = contenders.stream().map(Contender::transport).distinct().toList();
		for (Transport base : bases) {
			for (int pair = 1; pair <= METRICS_PAIRS; pair++) {
				boolean onFirst = (round % 2 == 1);
				for (boolean metrics : new boolean[] { onFirst, !onFirst }) {
					Measurement measurement = measure(round, scenario, new Contender(base, metrics), pair);
					measurements.add(measurement);
					System.out.println(progressLine(measurement));
				}
			}
		}
	}

	private List<Contender> contendersOf(Scenario scenario) {
		if (scenario.kind() == Scenario.Kind.METRICS) {
			List<Contender> pairs = new ArrayList<>();
			for (Transport transport : METRICS_TRANSPORTS) {
				if (this.transports.contains(transport)) {
					pairs.add(new Contender(transport, false));
					pairs.add(new Contender(transport, true));
				}
			}
			return pairs;
		}
		return this.transports.stream()
			.filter((transport) -> scenario.kind() != Scenario.Kind.UDP_ECHO || UdpEchoServers.supports(transport))
			.map((transport) -> new Contender(transport, false))
			.toList();
	}

	private Map<String, Object> settings() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("date", Instant.now().toString());
		settings.put("rounds", this.rounds);
		settings.put("durationSeconds", this.duration.toMillis() / 1000.0);
		settings.put("warmupSeconds", this.warmup.toMillis() / 1000.0);
		settings.put("serverLoops", this.serverLoops);
		settings.put("pinned", this.pin);
		settings.put("serverJvmArgs", String.join(" ", this.serverJvmArgs));
		settings.put("idleConnections", this.idleConnections);
		return settings;
	}

	private Measurement measure(int round, Scenario scenario, Contender contender, int pair) {
		String name = String.format("r%d-%s-%s", round, scenario.name(), contender.label())
				+ ((pair > 0) ? "-" + pair : "");
		List<String> serverCommand = new ArrayList<>(List.of("echo-server", "--transport",
				contender.transport().cliName(), "--port", "0", "--loops", Integer.toString(this.serverLoops)));
		if (contender.metrics()) {
			serverCommand.add("--metrics");
		}
		if (scenario.kind() == Scenario.Kind.UDP_ECHO) {
			serverCommand.add("--udp");
		}
		double loadBefore = ProcessStatus.loadAverage();
		try (ChildJvm server = ChildJvm.start(this.pin ? SERVER_CPU : -1, this.serverJvmArgs,
				this.logs.resolve(name + "-server.log"), serverCommand)) {
			int port = Integer.parseInt(server.awaitLine(SERVER_READY, Duration.ofSeconds(60)).trim());
			Map<String, Object> values = switch (scenario.kind()) {
				case ECHO, METRICS -> runClient(name, server, List.of("load", "--port", Integer.toString(port), "--connections",
						Integer.toString(scenario.connections()), "--size", Integer.toString(scenario.size()),
						"--depth", Integer.toString(scenario.depth())));
				case UDP_ECHO -> runClient(name, server, List.of("udp-load", "--port", Integer.toString(port),
						"--connections", Integer.toString(scenario.connections()), "--size",
						Integer.toString(scenario.size()), "--depth", Integer.toString(scenario.depth())));
				case CHURN -> runClient(name, server, List.of("churn", "--port", Integer.toString(port), "--parallel",
						Integer.toString(scenario.connections())));
				case IDLE -> holdIdle(name, server, port);
			};
			if (pair > 0) {
				values.put("pair", pair);
			}
			values.put("loadAvgBefore", loadBefore);
			values.put("loadAvgAfter", ProcessStatus.loadAverage());
			return new Measurement(round, scenario, contender.label(), values, null);
		}
		catch (Exception ex) {
			return new Measurement(round, scenario, contender.label(), null, ex.toString());
		}
	}

	/**
	 * Runs a load or churn client and returns its JSON result, plus the server's CPU time over the
	 * client's measured window ({@code serverCpuSeconds}) and per operation ({@code serverCpuUsPerOp}).
	 * Throughput on two CPUs swings with how often either side sleeps and wakes; the CPU the server
	 * spends per message swings much less, and says how lean the server is.
	 */
	private Map<String, Object> runClient(String name, ChildJvm server, List<String> command) throws Exception {
		List<String> timed = new ArrayList<>(command);
		timed.addAll(List.of("--warmup", this.warmup.toMillis() + "ms", "--duration", this.duration.toMillis() + "ms"));
		try (ChildJvm client = ChildJvm.start(this.pin ? LOAD_CPU : -1, List.of(), this.logs.resolve(name + "-client.log"),
				timed)) {
			Duration slack = Duration.ofSeconds(120);
			client.awaitLine(MeasurementWindow.OPENED, this.warmup.plus(slack));
			double cpuBefore = ProcessStatus.cpuSeconds(server.pid());
			double[] serverCpuBefore = this.pin ? ProcessStatus.cpuTimes(SERVER_CPU) : null;
			client.awaitLine(MeasurementWindow.CLOSED, this.duration.plus(slack));
			double cpuAfter = ProcessStatus.cpuSeconds(server.pid());
			double[] serverCpuAfter = this.pin ? ProcessStatus.cpuTimes(SERVER_CPU) : null;
			String result = client.awaitJsonResult(slack);
			Map<String, Object> values = Json.readFlatObject(result);
			double operations = (values.get("messages") instanceof Number messages) ? messages.doubleValue()
					: ((Number) values.getOrDefault("connections", 0)).doubleValue();
			values.put("serverCpuSeconds", cpuAfter - cpuBefore);
			if (serverCpuBefore != null && serverCpuAfter != null) {
				// The kernel's loopback TCP receive work runs in softirq on the CPU that sends, often
				// outside the process's own accounting: the server's CPU is busy with its process
				// time plus that. Whatever else ran on the CPU is in the idle figure too.
				values.put("serverSoftirqSeconds",
						serverCpuAfter[ProcessStatus.SOFTIRQ] - serverCpuBefore[ProcessStatus.SOFTIRQ]);
				double window = 0;
				for (int i = 0; i < serverCpuAfter.length; i++) {
					window += serverCpuAfter[i] - serverCpuBefore[i];
				}
				double idle = (serverCpuAfter[ProcessStatus.IDLE] - serverCpuBefore[ProcessStatus.IDLE])
						+ (serverCpuAfter[ProcessStatus.IDLE + 1] - serverCpuBefore[ProcessStatus.IDLE + 1]);
				if (window > 0) {
					values.put("serverCpuIdleShare", idle / window);
				}
			}
			if (operations > 0) {
				values.put("serverCpuUsPerOp", (cpuAfter - cpuBefore) * 1e6 / operations);
			}
			return values;
		}
	}

	/**
	 * Scenario F: the server's resident memory before and after it holds the idle connections. The
	 * reading is taken once the server has accepted them all (its fd count says so), not merely
	 * once the clients' connects returned, which only means the kernel queued them.
	 */
	private Map<String, Object> holdIdle(String name, ChildJvm server, int port) throws Exception {
		long before = ProcessStatus.residentBytes(server.pid());
		int fdsBefore = ProcessStatus.openFiles(server.pid());
		List<ChildJvm> holders = new ArrayList<>();
		try {
			int left = this.idleConnections;
			for (int i = 0; left > 0; i++) {
				int share = Math.min(left, Math.min(IDLE_PER_PROCESS, IdleConnections.MAX_PER_PROCESS));
				holders.add(ChildJvm.start(this.pin ? LOAD_CPU : -1, List.of(), this.logs.resolve(name + "-idle" + i + ".log"),
						List.of("idle", "--port", Integer.toString(port), "--connections", Integer.toString(share))));
				left -= share;
			}
			for (ChildJvm holder : holders) {
				holder.awaitLine(IDLE_READY, Duration.ofMinutes(3));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			int accepted;
			while ((accepted = ProcessStatus.openFiles(server.pid()) - fdsBefore) < this.idleConnections
					&& System.nanoTime() < deadline) {
				TimeUnit.MILLISECONDS.sleep(100);
			}
			// Let lazily-allocated per-connection state settle before reading memory.
			TimeUnit.SECONDS.sleep(2);
			long after = ProcessStatus.residentBytes(server.pid());
			Map<String, Object> values = new LinkedHashMap<>();
			values.put("kind", "idle");
			values.put("connections", this.idleConnections);
			values.put("acceptedFds", accepted);
			values.put("rssBeforeBytes", before);
			values.put("rssAfterBytes", after);
			values.put("bytesPerConnection", (after - before) / (double) this.idleConnections);
			values.put("errors", Math.max(0, this.idleConnections - accepted));
			return values;
		}
		finally {
			for (ChildJvm holder : holders) {
				holder.close();
			}
		}
	}

	private static String progressLine(Measurement m) {
		if (!m.succeeded()) {
			return String.format("round %d %s %-18s FAILED: %s", m.round(), m.scenario(), m.contender(), m.failure());
		}
		String figure = String.format("%,.0f %s", m.value(m.scenario().metricKey()), m.scenario().unit());
		String latency = Double.isNaN(m.value("p99Us")) ? "" : String.format(", p99 %,.0f us", m.value("p99Us"));
		String errors = Double.isNaN(m.value("errors")) ? "" : String.format(", errors %.0f", m.value("errors"));
		double busy = ComparisonReport.serverBusy(m);
		String cpu = Double.isNaN(m.value("serverCpuUsPerOp")) ? ""
				: String.format("server CPU %.2f us/op, busy %.0f%%%s, ", m.value("serverCpuUsPerOp"), busy * 100,
						(busy >= ComparisonReport.SATURATED) ? "" : " (undecided)");
		return String.format("round %d %s %-18s %s%s%s%s (load average %.1f)", m.round(), m.scenario(), m.contender(),
				cpu, figure, latency, errors, m.value("loadAvgAfter"));
	}

	private static boolean tasksetWorks() {
		try {
			Process process = new ProcessBuilder("taskset", "-c", "0", "true").redirectErrorStream(true).start();
			return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void write(Path path, String content) throws IOException {
		Path parent = path.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(path, content, StandardCharsets.UTF_8);
	}

}
