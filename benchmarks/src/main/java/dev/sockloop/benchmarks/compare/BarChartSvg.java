package dev.sockloop.benchmarks.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the comparison as a hand-written SVG: throughput relative to Netty per scenario on the
 * left, resident memory per idle connection on the right.
 */
final class BarChartSvg {

	private static final Map<String, String> COLOURS = Map.of("netty", "#4e79a7", "reactor-netty", "#f28e2b", "nio",
			"#59a14f", "sockloop", "#e15759", "spring", "#76b7b2", "nio-sockloop", "#edc948", "sockloop+metrics", "#b07aa1",
			"spring+metrics", "#ff9da7");

	private static final String FALLBACK_COLOUR = "#9c755f";

	private static final int HEIGHT = 420;

	private static final int TOP = 60;

	private static final int PLOT_HEIGHT = 260;

	private static final double RATIO_CAP = 2.5;

	private BarChartSvg() {
	}

	static String render(ComparisonReport report) {
		List<ComparisonReport.Row> throughput = new ArrayList<>();
		List<ComparisonReport.Row> memory = new ArrayList<>();
		String metricsNote = null;
		for (ComparisonReport.Row row : report.rows()) {
			switch (row.scenario().kind()) {
				case ECHO, CHURN, UDP_ECHO -> throughput.add(row);
				case IDLE -> memory.add(row);
				case METRICS -> {
					if (row.contender().endsWith("+metrics") && !Double.isNaN(row.ratio())) {
						String note = String.format(Locale.ROOT, "%s %.3f", row.reference(), row.ratio());
						metricsNote = (metricsNote == null) ? "G: metrics on / off = " + note : metricsNote + ", " + note;
					}
				}
			}
		}
		Map<String, List<ComparisonReport.Row>> groups = new LinkedHashMap<>();
		for (ComparisonReport.Row row : throughput) {
			groups.computeIfAbsent(row.scenario().name(), (k) -> new ArrayList<>()).add(row);
		}
		List<String> contenders = new ArrayList<>();
		for (ComparisonReport.Row row : report.rows()) {
			if (row.scenario().kind() != Scenario.Kind.METRICS && !contenders.contains(row.contender())) {
				contenders.add(row.contender());
			}
		}
		int barWidth = 16;
		int groupWidth = Math.max(1, contenders.size()) * barWidth + 24;
		int leftWidth = 60 + Math.max(1, groups.size()) * groupWidth + 20;
		int rightWidth = memory.isEmpty() ? 0 : 60 + memory.size() * (barWidth + 14) + 60;
		int width = Math.max(520, leftWidth + rightWidth + 20);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
				+ "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, HEIGHT, width, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
				escape("Echo throughput relative to Netty (median of rounds, line: lowest to highest round; higher is better)")));
		Object cpu = report.machine().get("cpuModel");
		svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"38\" fill=\"#555\">%s</text>%n",
				escape(report.machine().get("cpus") + " CPUs (" + cpu + "), " + report.machine().get("kernel")
						+ ", server pinned to one CPU and load to the other"
						+ ((metricsNote != null) ? "; " + metricsNote : ""))));
		double maxRatio = 1.2;
		for (ComparisonReport.Row row : throughput) {
			if (!Double.isNaN(row.ratio())) {
				maxRatio = Math.max(maxRatio, row.ratio() * 1.1);
			}
		}
		// One outlier (a peer collapsing in one scenario) must not flatten every other bar.
		maxRatio = Math.min(maxRatio, RATIO_CAP);
		int x0 = 50;
		int yBase = TOP + PLOT_HEIGHT;
		axis(svg, x0, leftWidth - 10, maxRatio, "x", (maxRatio <= 1.6) ? 0.2 : 0.5);
		double oneY = yBase - PLOT_HEIGHT / maxRatio;
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\" "
				+ "stroke-dasharray=\"4 3\"/>%n", x0, oneY, leftWidth - 10, oneY));
		int gx = x0 + 12;
		for (Map.Entry<String, List<ComparisonReport.Row>> group : groups.entrySet()) {
			for (ComparisonReport.Row row : group.getValue()) {
				int bx = gx + contenders.indexOf(row.contender()) * barWidth;
				if (!Double.isNaN(row.ratio())) {
					double shown = Math.min(row.ratio(), maxRatio);
					bar(svg, bx, barWidth - 2, shown / maxRatio * PLOT_HEIGHT, yBase, colour(row.contender()),
							String.format(Locale.ROOT, "%s %s: %.2fx netty (%,.0f %s)%s", row.scenario().name(),
									row.contender(), row.ratio(), row.median(), row.scenario().unit(),
									Double.isNaN(row.serverBusy()) ? ""
											: String.format(Locale.ROOT, ", server busy %.0f%%", row.serverBusy() * 100)));
					if (row.ratio() > maxRatio) {
						svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
								+ "font-size=\"10\">%.1fx</text>%n", bx + barWidth / 2 - 1, TOP - 4, row.ratio()));
					}
					whisker(svg, bx + barWidth / 2 - 1, row, maxRatio, yBase);
				}
			}
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
					+ "font-weight=\"bold\">%s</text>%n", gx + contenders.size() * barWidth / 2, yBase + 18,
					group.getKey()));
			gx += groupWidth;
		}
		if (!memory.isEmpty()) {
			double maxKib = 1;
			for (ComparisonReport.Row row : memory) {
				if (!Double.isNaN(row.median())) {
					maxKib = Math.max(maxKib, row.median() / 1024 * 1.15);
				}
			}
			int mx0 = leftWidth + 50;
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", mx0 - 40,
					TOP - 8, escape("F: KiB resident per idle connection (lower is better)")));
			axis(svg, mx0, width - 20, maxKib, "", niceStep(maxKib));
			int bx = mx0 + 12;
			for (ComparisonReport.Row row : memory) {
				if (!Double.isNaN(row.median())) {
					double kib = row.median() / 1024;
					bar(svg, bx, barWidth, kib / maxKib * PLOT_HEIGHT, yBase, colour(row.contender()),
							String.format(Locale.ROOT, "%s: %.2f KiB per idle connection", row.contender(), kib));
					svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" "
							+ "font-size=\"10\">%.1f</text>%n", bx + barWidth / 2, yBase - kib / maxKib * PLOT_HEIGHT - 4,
							kib));
				}
				bx += barWidth + 14;
			}
		}
		int lx = 10;
		for (String contender : contenders) {
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
					lx, HEIGHT - 40, colour(contender)));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 16, HEIGHT - 30,
					escape(contender)));
			lx += 30 + contender.length() * 7;
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void axis(StringBuilder svg, int x0, int x1, double max, String suffix, double step) {
		int yBase = TOP + PLOT_HEIGHT;
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x0,
				TOP, x0, yBase));
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x0,
				yBase, x1, yBase));
		for (double tick = 0; tick <= max + 1e-9; tick += step) {
			double y = yBase - tick / max * PLOT_HEIGHT;
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
					x0 + 1, y, x1, y));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">"
					+ "%s%s</text>%n", x0 - 4, y + 4, formatTick(tick), suffix));
		}
	}

	private static String formatTick(double tick) {
		return (tick == Math.rint(tick)) ? Long.toString((long) tick) : String.format(Locale.ROOT, "%.1f", tick);
	}

	private static double niceStep(double max) {
		double raw = max / 5;
		double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
		double[] steps = { 1, 2, 5, 10 };
		for (double step : steps) {
			if (raw <= step * magnitude) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static void bar(StringBuilder svg, int x, int width, double height, int yBase, String colour,
			String title) {
		svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
				+ "<title>%s</title></rect>%n", x, yBase - height, width, height, colour, escape(title)));
	}

	/**
	 * A thin line from the lowest to the highest per-round ratio: how far apart the rounds were.
	 */
	private static void whisker(StringBuilder svg, int x, ComparisonReport.Row row, double maxRatio, int yBase) {
		if (Double.isNaN(row.ratioLow()) || row.ratioLow() == row.ratioHigh()) {
			return;
		}
		double low = yBase - Math.min(row.ratioLow(), maxRatio) / maxRatio * PLOT_HEIGHT;
		double high = yBase - Math.min(row.ratioHigh(), maxRatio) / maxRatio * PLOT_HEIGHT;
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#222\">"
				+ "<title>%s</title></line>%n", x, low, x, high, escape(String.format(Locale.ROOT,
						"%s %s: rounds from %.2fx to %.2fx, ahead in %d of %d", row.scenario().name(), row.contender(),
						row.ratioLow(), row.ratioHigh(), row.roundsAhead(), row.roundsCompared()))));
	}

	private static String colour(String contender) {
		return COLOURS.getOrDefault(contender, FALLBACK_COLOUR);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
