package dev.sockloop.benchmarks.compare;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonReportTests {

	private final ComparisonReport report = new ComparisonReport(Map.of("cpus", 2, "cpuModel", "test", "kernel", "k"),
			Map.of("rounds", 3), List.of(Scenario.A, Scenario.F, Scenario.G),
			Map.of(Scenario.A, List.of("netty", "sockloop"), Scenario.F, List.of("netty", "sockloop"), Scenario.G,
					List.of("sockloop", "sockloop+metrics")),
			List.of(echo(1, Scenario.A, "netty", 100, 50), echo(2, Scenario.A, "netty", 300, 70),
					echo(3, Scenario.A, "netty", 200, 60), echo(1, Scenario.A, "sockloop", 220, 40),
					echo(2, Scenario.A, "sockloop", 180, 45), new Measurement(3, Scenario.A, "sockloop", null, "boom"),
					idle(1, "netty", 3400), idle(1, "sockloop", 900), echo(1, Scenario.G, "sockloop", 1000, 10),
					echo(1, Scenario.G, "sockloop+metrics", 980, 11)));

	private static Measurement echo(int round, Scenario scenario, String contender, double rate, double p99) {
		// CPU per message falls as the rate rises, as on a saturated server; busy for 1 s of every 10.
		return new Measurement(round, scenario, contender, Map.of("msgsPerSec", rate, "p99Us", p99, "errors", 0.0,
				"serverCpuUsPerOp", 1000 / rate, "seconds", 10.0, "serverCpuSeconds", round * 1.0), null);
	}

	private static Measurement idle(int round, String contender, double bytes) {
		return new Measurement(round, Scenario.F, contender, Map.of("bytesPerConnection", bytes, "errors", 0.0), null);
	}

	@Test
	void rowsHoldMediansOfSuccessfulRunsAndRatiosToNetty() {
		ComparisonReport.Row sockloop = row(Scenario.A, "sockloop");
		assertThat(sockloop.median()).isEqualTo(200);
		assertThat(sockloop.ratio()).isEqualTo(1.0);
		assertThat(sockloop.p99Micros()).isEqualTo(42.5);
		assertThat(sockloop.runs()).isEqualTo(2);
		assertThat(sockloop.failures()).isEqualTo(1);
		assertThat(row(Scenario.F, "sockloop").ratio()).isCloseTo(900.0 / 3400, org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void serverBusyIsTheMedianShareOfOneCpuOverTheMeasuredWindow() {
		// Rounds 1 and 2 succeeded: 1 s and 2 s of CPU in 10 s windows.
		assertThat(row(Scenario.A, "sockloop").serverBusy()).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(row(Scenario.A, "netty").serverBusy()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(row(Scenario.F, "sockloop").serverBusy()).isNaN();
		assertThat(this.report.markdown())
			.contains("| A | 64 conns, 64 B, depth 1 | netty | 5.00 us | 1.00x netty, undecided | - | 60 us | 1.00x | 20% "
					+ "| 200 msgs/s | 1.00x netty | - | 0 | 3 |");
	}

	@Test
	void withoutNettyInTheRunFiguresAreShownWithoutRatios() {
		ComparisonReport withoutNetty = new ComparisonReport(Map.of(), Map.of(), List.of(Scenario.A),
				Map.of(Scenario.A, List.of("sockloop", "spring")),
				List.of(echo(1, Scenario.A, "sockloop", 200, 1), echo(1, Scenario.A, "spring", 190, 1)));
		assertThat(withoutNetty.markdown()).contains("| sockloop | 5.00 us | - | - | 1 us | - | 10% | 200 msgs/s | - | - |")
			.contains("| A | 0.95x |")
			.doesNotContain("NaN");
	}

	@Test
	void lessMemoryCountsAsAheadInTheIdleScenario() {
		ComparisonReport.Row idle = row(Scenario.F, "sockloop");
		assertThat(idle.roundsAhead()).isEqualTo(1);
		assertThat(idle.roundsCompared()).isEqualTo(1);
	}

	@Test
	void perRoundRatiosSpanTheRoundsWhereBothRan() {
		// Round 1: 220 / 100, round 2: 180 / 300; round 3 failed for sockloop and does not count.
		ComparisonReport.Row sockloop = row(Scenario.A, "sockloop");
		assertThat(sockloop.ratioLow()).isEqualTo(0.6);
		assertThat(sockloop.ratioHigh()).isEqualTo(2.2);
		assertThat(row(Scenario.A, "netty").ratioLow()).isNaN();
		// CPU per op: sockloop 4.55 and 5.56 us (median 5.05), netty 10, 3.33 and 5 us (median 5).
		assertThat(sockloop.cpuMicrosPerOp()).isCloseTo((1000 / 220.0 + 1000 / 180.0) / 2, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(sockloop.cpuRatio()).isCloseTo(sockloop.cpuMicrosPerOp() / 5.0, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(sockloop.roundsAhead()).isEqualTo(1);
		assertThat(sockloop.roundsCompared()).isEqualTo(2);
		assertThat(this.report.markdown()).contains("| sockloop | 5.05 us | 1.01x netty, undecided | - | 43 us | 0.71x | 15% "
				+ "| 200 msgs/s | 1.00x netty | 0.60-2.20, 1 of 2 ahead | 0 | 2 (1 failed) |");
	}

	@Test
	void metricsScenarioIsRatioToSockloopWithMetricsOff() {
		ComparisonReport.Row metrics = row(Scenario.G, "sockloop+metrics");
		assertThat(metrics.ratio()).isEqualTo(0.98);
		assertThat(metrics.reference()).isEqualTo("sockloop");
	}

	@Test
	void markdownAndChartShowEveryContender() {
		assertThat(this.report.markdown()).contains("| A | 64 conns, 64 B, depth 1 | sockloop | 5.05 us |")
			.contains("(1 failed)")
			.contains("900 bytes/conn (0.88 KiB)");
		String svg = BarChartSvg.render(this.report);
		assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("sockloop").contains("G: metrics on / off = sockloop 0.980");
		assertThat(svg).contains("netty: 3.32 KiB per idle connection")
			.contains("A sockloop: 1.00x netty (200 msgs/s), p99 43 us (0.71x netty), server busy 15%; rounds from 0.60x "
					+ "to 2.20x, ahead in 1 of 2")
			.contains("A sockloop: CPU 5.05 us per op, 1.01x netty, server busy 15% (undecided); saturated rounds none");
	}

	@Test
	void pairedMetricsRunsGiveTheMedianOfRatiosOfNeighbouringRuns() {
		ComparisonReport paired = new ComparisonReport(Map.of(), Map.of(), List.of(Scenario.A, Scenario.G),
				Map.of(Scenario.A, List.of("netty", "sockloop", "spring"), Scenario.G, List.of("spring", "spring+metrics")),
				List.of(echo(1, Scenario.A, "netty", 100, 1), echo(1, Scenario.A, "sockloop", 200, 1),
						echo(1, Scenario.A, "spring", 190, 1), pair(1, 1, "spring", 1000), pair(1, 1, "spring+metrics", 990),
						pair(1, 2, "spring", 500), pair(1, 2, "spring+metrics", 480), pair(2, 1, "spring", 800),
						pair(2, 1, "spring+metrics", 800)));
		ComparisonReport.Row metrics = paired.rows()
			.stream()
			.filter((row) -> row.contender().equals("spring+metrics"))
			.findFirst()
			.orElseThrow();
		// Pairs: 0.99, 0.96, 1.00; medians alone would give 800 / 800 = 1.00.
		assertThat(metrics.ratio()).isEqualTo(0.99);
		assertThat(metrics.ratioLow()).isEqualTo(0.96);
		assertThat(metrics.ratioHigh()).isEqualTo(1.0);
		assertThat(metrics.roundsAhead()).isEqualTo(1);
		assertThat(metrics.roundsCompared()).isEqualTo(3);
		assertThat(metrics.reference()).isEqualTo("spring");
		assertThat(paired.springOverRaw()).containsEntry(Scenario.A, 0.95);
		assertThat(paired.markdown()).contains("| A | 0.95x |");
	}

	@Test
	void cpuRatioDecidesOnlyWhereBothServersKeptTheirCpuBusyCountingSoftirq() {
		ComparisonReport saturated = new ComparisonReport(Map.of(), Map.of(), List.of(Scenario.D),
				Map.of(Scenario.D, List.of("netty", "sockloop")),
				List.of(busy(1, "netty", 10, 8.5, 1.0), busy(2, "netty", 10, 9.5, 0), busy(3, "netty", 10, 9.5, 0),
						busy(1, "sockloop", 8, 9.6, 0), busy(2, "sockloop", 12, 9.6, 0),
						// Round 3: the load generator ran out first; its ratio (0.5) must not count.
						busy(3, "sockloop", 5, 5.0, 0)));
		ComparisonReport.Row sockloop = saturated.rows().get(1);
		assertThat(sockloop.decided()).isTrue();
		assertThat(sockloop.serverBusy()).isEqualTo(0.96);
		assertThat(saturated.rows().get(0).serverBusy()).isEqualTo(0.95);
		assertThat(sockloop.cpuRatioLow()).isEqualTo(0.8);
		assertThat(sockloop.cpuRatioHigh()).isEqualTo(1.2);
		assertThat(sockloop.cpuRoundsLeaner()).isEqualTo(1);
		assertThat(sockloop.cpuRoundsCompared()).isEqualTo(2);
		assertThat(saturated.markdown()).contains("| sockloop | 8.00 us | 0.80x netty | 0.80-1.20, 1 of 2 leaner |");
	}

	@Test
	void chartTextStaysInsideTheChartAndItsScaleCoversTheWhiskers() {
		String svg = BarChartSvg.render(this.report);
		int width = Integer.parseInt(svg.replaceAll("(?s)^<svg[^>]* width=\"(\\d+)\".*", "$1"));
		java.util.regex.Matcher texts = java.util.regex.Pattern.compile("<text x=\"(\\d+)\"[^>]*>([^<]*)</text>")
			.matcher(svg);
		while (texts.find()) {
			int start = Integer.parseInt(texts.group(1));
			boolean bold = texts.group(0).contains("font-size=\"15\"");
			assertThat(start + texts.group(2).length() * (bold ? 9.0 : 7.0)).as(texts.group(2))
				.isLessThanOrEqualTo(width);
		}
		// Sockloop's rounds in A reach 2.2x: the throughput scale goes past 2 rather than stopping at 1.2.
		assertThat(svg).contains(">2x</text>");
	}

	/** An echo run of D: CPU per message in us, process CPU and softirq seconds over a 10 s window. */
	private static Measurement busy(int round, String contender, double cpuPerOp, double processSeconds,
			double softirqSeconds) {
		return new Measurement(round, Scenario.D, contender,
				Map.of("msgsPerSec", 1e6 / cpuPerOp, "p99Us", 100.0, "errors", 0.0, "serverCpuUsPerOp", cpuPerOp,
						"seconds", 10.0, "serverCpuSeconds", processSeconds, "serverSoftirqSeconds", softirqSeconds),
				null);
	}

	private static Measurement pair(int round, int pair, String contender, double rate) {
		return new Measurement(round, Scenario.G, contender,
				Map.of("msgsPerSec", rate, "p99Us", 1.0, "errors", 0.0, "pair", pair), null);
	}

	private ComparisonReport.Row row(Scenario scenario, String contender) {
		return this.report.rows()
			.stream()
			.filter((row) -> row.scenario() == scenario && row.contender().equals(contender))
			.findFirst()
			.orElseThrow();
	}

}
