package dev.sockloop.benchmarks.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Medians over rounds, ratios to Netty, and the three ways to show them: a markdown table, a JSON
 * document and (through {@link BarChartSvg}) a chart.
 */
final class ComparisonReport {

	/** The peer every ratio is taken against. */
	static final String BASELINE = "netty";

	private static final String METRICS_SUFFIX = "+metrics";

	private static final String SPRING = "spring";

	private static final String RAW = "sockloop";

	/** The server's CPU time per message (or connection, in E) over the measured window. */
	private static final String CPU_PER_OP = "serverCpuUsPerOp";

	/**
	 * Share of its CPU a server must keep busy for its CPU per message to decide anything: below,
	 * the load generator ran out first, and a half-idle server hides per-byte costs (it batches more
	 * per wake-up, and its caches stay warm).
	 */
	static final double SATURATED = 0.9;

	private final Map<String, Object> machine;

	private final Map<String, Object> settings;

	private final List<Measurement> measurements;

	private final List<Row> rows = new ArrayList<>();

	ComparisonReport(Map<String, Object> machine, Map<String, Object> settings, List<Scenario> scenarios,
			Map<Scenario, List<String>> contenders, List<Measurement> measurements) {
		this.machine = machine;
		this.settings = settings;
		this.measurements = measurements;
		for (Scenario scenario : scenarios) {
			List<String> labels = contenders.getOrDefault(scenario, List.of());
			for (String label : labels) {
				String reference = (scenario.kind() == Scenario.Kind.METRICS) ? metricsOff(label) : BASELINE;
				boolean paired = scenario.kind() == Scenario.Kind.METRICS;
				String key = scenario.metricKey();
				double referenceMedian = median(scenario, reference, key);
				double median = median(scenario, label, key);
				double ratio = (referenceMedian > 0) ? median / referenceMedian : Double.NaN;
				double[] runRatios = new double[0];
				double[] cpuRatios = new double[0];
				if (!label.equals(reference)) {
					runRatios = neighbourRatios(scenario, label, reference, paired, (m) -> m.value(key), (m) -> true);
					if (paired && runRatios.length > 0) {
						ratio = medianOf(runRatios);
					}
					// Only rounds where both servers had their CPU to themselves and used all of it say
					// which one costs less per message.
					cpuRatios = neighbourRatios(scenario, label, reference, paired, (m) -> m.value(CPU_PER_OP),
							ComparisonReport::saturated);
				}
				double cpu = median(scenario, label, CPU_PER_OP);
				double referenceCpu = median(scenario, reference, CPU_PER_OP);
				double busy = median(scenario, label, ComparisonReport::serverBusy);
				double referenceBusy = median(scenario, reference, ComparisonReport::serverBusy);
				boolean decided = busy >= SATURATED && referenceBusy >= SATURATED;
				double p99 = median(scenario, label, "p99Us");
				double referenceP99 = median(scenario, reference, "p99Us");
				this.rows.add(new Row(scenario, label, median, ratio, reference, lowest(runRatios), highest(runRatios),
						ahead(scenario, runRatios), runRatios.length, cpu,
						(referenceCpu > 0) ? cpu / referenceCpu : Double.NaN, lowest(cpuRatios), highest(cpuRatios),
						(int) Arrays.stream(cpuRatios).filter((r) -> r <= 1.0).count(), cpuRatios.length, decided, busy,
						p99, (referenceP99 > 0) ? p99 / referenceP99 : Double.NaN, sum(scenario, label, "errors"),
						count(scenario, label, true), count(scenario, label, false)));
			}
		}
	}

	List<Row> rows() {
		return this.rows;
	}

	private static String metricsOff(String label) {
		return label.endsWith(METRICS_SUFFIX) ? label.substring(0, label.length() - METRICS_SUFFIX.length()) : label;
	}

	/**
	 * The ratio of each run of {@code label} to the run of {@code reference} next to it: in the same
	 * round, and for scenario G ({@code paired}) in the same on/off pair, which ran right beside it.
	 * Their spread shows how far a median ratio can be trusted on this machine; for G their median is
	 * the figure, since pairing cancels drift that medians over rounds of each side alone keep.
	 * @param figure the figure to divide
	 * @param usable which runs count (both of a pair must be)
	 * @return the ratios where both runs succeeded and are usable, sorted
	 */
	private double[] neighbourRatios(Scenario scenario, String label, String reference, boolean paired,
			ToDoubleFunction<Measurement> figure, Predicate<Measurement> usable) {
		List<Double> ratios = new ArrayList<>();
		for (Measurement m : this.measurements) {
			if (m.scenario() != scenario || !m.contender().equals(label) || !m.succeeded() || !usable.test(m)
					|| (paired && Double.isNaN(m.value("pair"))) || Double.isNaN(figure.applyAsDouble(m))) {
				continue;
			}
			this.measurements.stream()
				.filter((o) -> o.scenario() == scenario && o.contender().equals(reference) && o.succeeded()
						&& usable.test(o) && o.round() == m.round() && (!paired || o.value("pair") == m.value("pair"))
						&& figure.applyAsDouble(o) > 0)
				.findFirst()
				.ifPresent((o) -> ratios.add(figure.applyAsDouble(m) / figure.applyAsDouble(o)));
		}
		return ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
	}

	/**
	 * How many of the neighbouring-run ratios favour the contender: at least 1 where a bigger figure
	 * is better, at most 1 for memory. With runs that swing more than the difference being measured,
	 * "ahead in 5 of 5 rounds" says more than a ratio of medians: between two equal servers it
	 * would happen once in 32 runs of the comparison.
	 */
	private static int ahead(Scenario scenario, double[] ratios) {
		return (int) Arrays.stream(ratios).filter((r) -> scenario.higherIsBetter() ? r >= 1.0 : r <= 1.0).count();
	}

	private static double lowest(double[] sorted) {
		return (sorted.length == 0) ? Double.NaN : sorted[0];
	}

	private static double highest(double[] sorted) {
		return (sorted.length == 0) ? Double.NaN : sorted[sorted.length - 1];
	}

	/**
	 * The Spring path against the raw engine, per scenario where both ran.
	 * @return scenario to the ratio of the medians of {@code spring} over {@code sockloop}
	 */
	Map<Scenario, Double> springOverRaw() {
		Map<Scenario, Double> ratios = new LinkedHashMap<>();
		for (Row row : this.rows) {
			if (row.contender().equals(SPRING) && row.scenario().kind() != Scenario.Kind.METRICS) {
				this.rows.stream()
					.filter((raw) -> raw.scenario() == row.scenario() && raw.contender().equals(RAW))
					.findFirst()
					.filter((raw) -> raw.median() > 0)
					.ifPresent((raw) -> ratios.put(row.scenario(), row.median() / raw.median()));
			}
		}
		return ratios;
	}

	/**
	 * The share of its one CPU the server kept busy over the measured window: its process's CPU
	 * time plus the softirq time of that CPU (where the kernel's loopback receive work for the
	 * server's sends lands, often outside the process's accounting). Near 100% the server was the
	 * bottleneck; well below, the load generator (on one CPU of its own) ran out first, and the run
	 * decides nothing: it is marked undecided.
	 */
	static double serverBusy(Measurement m) {
		double softirq = m.value("serverSoftirqSeconds");
		return (m.value("serverCpuSeconds") + (Double.isNaN(softirq) ? 0 : softirq)) / m.value("seconds");
	}

	private static boolean saturated(Measurement m) {
		return serverBusy(m) >= SATURATED;
	}

	private double median(Scenario scenario, String label, String key) {
		return median(scenario, label, (m) -> m.value(key));
	}

	private double median(Scenario scenario, String label, ToDoubleFunction<Measurement> figure) {
		double[] values = this.measurements.stream()
			.filter((m) -> m.scenario() == scenario && m.contender().equals(label) && m.succeeded())
			.mapToDouble(figure)
			.filter((v) -> !Double.isNaN(v))
			.sorted()
			.toArray();
		return medianOf(values);
	}

	private static double medianOf(double[] sorted) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private long sum(Scenario scenario, String label, String key) {
		return (long) this.measurements.stream()
			.filter((m) -> m.scenario() == scenario && m.contender().equals(label) && m.succeeded())
			.mapToDouble((m) -> m.value(key))
			.filter((v) -> !Double.isNaN(v))
			.sum();
	}

	private int count(Scenario scenario, String label, boolean succeeded) {
		return (int) this.measurements.stream()
			.filter((m) -> m.scenario() == scenario && m.contender().equals(label) && m.succeeded() == succeeded)
			.count();
	}

	/**
	 * The table of medians, one row per scenario and contender, led by the server's CPU time per
	 * message: on two CPUs that is the figure that decides, where the server was saturated.
	 * @return GitHub-flavoured markdown
	 */
	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append("| Scenario | Load | Server | Server CPU per op | CPU ratio | CPU ratio per saturated round "
				+ "| p99 latency | p99 ratio | Server CPU busy | Throughput | Ratio | Ratio per round | Errors | Runs |\n");
		out.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Row row : this.rows) {
			out.append("| ").append(row.scenario().name());
			out.append(" | ").append(row.scenario().description());
			out.append(" | ").append(row.contender());
			out.append(" | ").append(Double.isNaN(row.cpuMicrosPerOp()) ? "-"
					: String.format(Locale.ROOT, "%.2f us", row.cpuMicrosPerOp()));
			out.append(" | ").append(formatCpuRatio(row));
			out.append(" | ").append((row.cpuRoundsCompared() == 0) ? "-"
					: String.format(Locale.ROOT, "%.2f-%.2f, %d of %d leaner", row.cpuRatioLow(), row.cpuRatioHigh(),
							row.cpuRoundsLeaner(), row.cpuRoundsCompared()));
			out.append(" | ").append(Double.isNaN(row.p99Micros()) ? "-"
					: String.format(Locale.ROOT, "%,.0f us", row.p99Micros()));
			out.append(" | ").append(Double.isNaN(row.p99Ratio()) ? "-"
					: String.format(Locale.ROOT, "%.2fx", row.p99Ratio()));
			out.append(" | ").append(Double.isNaN(row.serverBusy()) ? "-"
					: String.format(Locale.ROOT, "%.0f%%", row.serverBusy() * 100));
			out.append(" | ").append(formatMedian(row));
			out.append(" | ").append(Double.isNaN(row.ratio()) ? "-"
					: String.format(Locale.ROOT, "%.2fx %s", row.ratio(), row.reference()));
			out.append(" | ").append(Double.isNaN(row.ratioLow()) ? "-"
					: String.format(Locale.ROOT, "%.2f-%.2f, %d of %d ahead", row.ratioLow(), row.ratioHigh(),
							row.roundsAhead(), row.roundsCompared()));
			out.append(" | ").append(row.errors());
			out.append(" | ").append(row.runs());
			if (row.failures() > 0) {
				out.append(" (").append(row.failures()).append(" failed)");
			}
			out.append(" |\n");
		}
		Map<Scenario, Double> spring = springOverRaw();
		if (!spring.isEmpty()) {
			out.append("\n| Scenario | spring / sockloop |\n| --- | ---: |\n");
			spring.forEach((scenario, ratio) -> out.append("| ").append(scenario.name()).append(" | ")
				.append(String.format(Locale.ROOT, "%.2fx", ratio)).append(" |\n"));
		}
		return out.toString();
	}

	/**
	 * Median over all runs of the one-minute load average read after each run. On an otherwise idle
	 * two-CPU machine a run itself brings it towards 2; well above that, other work competed.
	 * @return the median, or NaN when no run recorded it
	 */
	double medianLoadAverage() {
		double[] values = this.measurements.stream()
			.filter(Measurement::succeeded)
			.mapToDouble((m) -> m.value("loadAvgAfter"))
			.filter((v) -> !Double.isNaN(v))
			.sorted()
			.toArray();
		return (values.length == 0) ? Double.NaN : values[values.length / 2];
	}

	/**
	 * The CPU ratio, or why it decides nothing: a server (this one or the reference) that kept its
	 * CPU less than {@link #SATURATED} busy.
	 */
	private static String formatCpuRatio(Row row) {
		if (Double.isNaN(row.cpuRatio())) {
			return "-";
		}
		String ratio = String.format(Locale.ROOT, "%.2fx %s", row.cpuRatio(), row.reference());
		return row.decided() ? ratio : ratio + ", undecided";
	}

	private static String formatMedian(Row row) {
		if (Double.isNaN(row.median())) {
			return "-";
		}
		if (row.scenario().kind() == Scenario.Kind.IDLE) {
			return String.format(Locale.ROOT, "%,.0f %s (%.2f KiB)", row.median(), row.scenario().unit(),
					row.median() / 1024);
		}
		return String.format(Locale.ROOT, "%,.0f %s", row.median(), row.scenario().unit());
	}

	/**
	 * Everything: machine, settings, summary rows and every run.
	 * @return a JSON-ready map
	 */
	Map<String, Object> toMap() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("machine", this.machine);
		document.put("settings", this.settings);
		document.put("medianLoadAverage", medianLoadAverage());
		List<Object> summary = new ArrayList<>();
		for (Row row : this.rows) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("scenario", row.scenario().name());
			entry.put("load", row.scenario().description());
			entry.put("contender", row.contender());
			entry.put("unit", row.scenario().unit());
			entry.put("median", row.median());
			entry.put("ratio", row.ratio());
			entry.put("ratioTo", row.reference());
			entry.put("ratioLow", row.ratioLow());
			entry.put("ratioHigh", row.ratioHigh());
			entry.put("roundsAhead", row.roundsAhead());
			entry.put("roundsCompared", row.roundsCompared());
			entry.put("serverCpuUsPerOp", row.cpuMicrosPerOp());
			entry.put("serverCpuRatio", row.cpuRatio());
			entry.put("serverCpuRatioLow", row.cpuRatioLow());
			entry.put("serverCpuRatioHigh", row.cpuRatioHigh());
			entry.put("cpuRoundsLeaner", row.cpuRoundsLeaner());
			entry.put("cpuRoundsSaturated", row.cpuRoundsCompared());
			entry.put("decided", row.decided());
			entry.put("serverBusy", row.serverBusy());
			entry.put("p99Us", row.p99Micros());
			entry.put("p99Ratio", row.p99Ratio());
			entry.put("errors", row.errors());
			entry.put("runs", row.runs());
			entry.put("failures", row.failures());
			summary.add(entry);
		}
		document.put("summary", summary);
		document.put("runs", this.measurements.stream().map(Measurement::toMap).toList());
		return document;
	}

	Map<String, Object> machine() {
		return this.machine;
	}

	/**
	 * One line of the summary.
	 *
	 * @param scenario the scenario
	 * @param contender who served
	 * @param median median of the scenario's figure over rounds
	 * @param ratio median over the reference's median (scenario G: median of paired run ratios)
	 * @param reference {@code netty}, or for scenario G the same transport with metrics off
	 * @param ratioLow lowest ratio of one round to the reference's run in the same round (scenario G:
	 * of one pair); NaN for the reference itself
	 * @param ratioHigh highest such ratio
	 * @param roundsAhead how many of those ratios favour the contender (at least 1; memory: at most 1)
	 * @param roundsCompared how many such ratios there are
	 * @param cpuMicrosPerOp median of the server's CPU time per message (per connection in E) over the
	 * measured window, all its threads; NaN where not measured
	 * @param cpuRatio that median over the reference's (lower is leaner)
	 * @param cpuRatioLow lowest CPU ratio of one round to the reference's run in the same round (G: pair),
	 * over the rounds where both servers were saturated; NaN where there is none
	 * @param cpuRatioHigh highest such ratio
	 * @param cpuRoundsLeaner how many of those ratios are at most 1
	 * @param cpuRoundsCompared how many such ratios there are
	 * @param decided whether the medians of both this contender and the reference kept their CPU at
	 * least {@link #SATURATED} busy: otherwise the CPU ratio is undecided
	 * @param serverBusy median share of its one CPU the server kept busy over the measured window
	 * (process time plus that CPU's softirq time); NaN where not measured
	 * @param p99Micros median of the rounds' p99 latency
	 * @param p99Ratio that median over the reference's
	 * @param errors errors summed over rounds
	 * @param runs successful runs
	 * @param failures failed runs
	 */
	record Row(Scenario scenario, String contender, double median, double ratio, String reference, double ratioLow,
			double ratioHigh, int roundsAhead, int roundsCompared, double cpuMicrosPerOp, double cpuRatio,
			double cpuRatioLow, double cpuRatioHigh, int cpuRoundsLeaner, int cpuRoundsCompared, boolean decided,
			double serverBusy, double p99Micros, double p99Ratio, long errors, int runs, int failures) {
	}

	@Override
	public String toString() {
		return Arrays.toString(this.rows.toArray());
	}

}
