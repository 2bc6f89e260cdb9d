package dev.sockloop.benchmarks.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Draws the comparison as a hand-written SVG: on top the server's CPU time per message relative to
 * Netty (the figure that decides on two CPUs), below it throughput relative to Netty, each with a
 * line from the lowest to the highest round; to the right, resident memory per idle connection.
 *
 * <p>Text is wrapped to the chart's width (a renderer does not wrap SVG text: a long title used
 * to run off the right edge), and the scale of each panel covers its whiskers, not only its bars.
 */
final class BarChartSvg {

	private static final Map<String, String> COLOURS = Map.of("netty", "#4e79a7", "reactor-netty", "#f28e2b", "nio",
			"#59a14f", "sockloop", "#e15759", "spring", "#76b7b2", "nio-sockloop", "#edc948", "sockloop+metrics", "#b07aa1",
			"spring+metrics", "#ff9da7", "sockloop-keep", "#8c564b");

	private static final String FALLBACK_COLOUR = "#9c755f";

	private static final int PLOT_HEIGHT = 200;

	/** Space above a panel's plot for its heading. */
	private static final int PANEL_HEADING = 30;

	/** Space below a panel's plot for the scenario names. */
	private static final int PANEL_FOOT = 34;

	/** One outlier (a peer collapsing in one scenario) must not flatten every other bar. */
	private static final double RATIO_CAP = 2.5;

	private static final int BAR_WIDTH = 16;

	/** Average advance of a character of the 12 px sans-serif font, generously: wrapping must not overflow. */
	private static final double CHAR_WIDTH = 7.0;

	private static final double TITLE_CHAR_WIDTH = 9.0;

	private BarChartSvg() {
	}

	static String render(ComparisonReport report) {
		List<ComparisonReport.Row> ratios = new ArrayList<>();
		List<ComparisonReport.Row> memory = new ArrayList<>();
		String metricsNote = null;
		for (ComparisonReport.Row row : report.rows()) {
			switch (row.scenario().kind()) {
				case ECHO, CHURN, UDP_ECHO -> ratios.add(row);
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
		for (ComparisonReport.Row row : ratios) {
			groups.computeIfAbsent(row.scenario().name(), (k) -> new ArrayList<>()).add(row);
		}
		List<String> contenders = new ArrayList<>();
		for (ComparisonReport.Row row : report.rows()) {
			if (row.scenario().kind() != Scenario.Kind.METRICS && !contenders.contains(row.contender())) {
				contenders.add(row.contender());
			}
		}
		int groupWidth = Math.max(1, contenders.size()) * BAR_WIDTH + 24;
		int leftWidth = 60 + Math.max(1, groups.size()) * groupWidth + 20;
		int rightWidth = memory.isEmpty() ? 0 : 60 + memory.size() * (BAR_WIDTH + 14) + 60;
		int width = Math.max(760, leftWidth + rightWidth + 20);

		List<String> title = wrap("Sockloop and its peers, relative to Netty: median of rounds; "
				+ "line: lowest to highest round", width - 20, TITLE_CHAR_WIDTH);
		Object cpu = report.machine().get("cpuModel");
		List<String> subtitle = wrap(report.machine().get("cpus") + " CPUs (" + cpu + "), " + report.machine().get("kernel")
				+ ", " + report.machine().getOrDefault("jdk", "JDK ?")
				+ "; server pinned to one CPU, load to the other. Faded bar with '?': undecided, a server kept its CPU "
				+ "less than " + Math.round(ComparisonReport.SATURATED * 100) + "% busy (process time plus softirq)"
				+ ((metricsNote != null) ? "; " + metricsNote : ""), width - 20, CHAR_WIDTH);
		int headerHeight = 12 + title.size() * 20 + subtitle.size() * 16 + 6;
		int panelHeight = PANEL_HEADING + PLOT_HEIGHT + PANEL_FOOT;
		int height = headerHeight + 2 * panelHeight + 40;

		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
				+ "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
		int y = 8;
		for (String line : title) {
			y += 20;
			svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
					y, escape(line)));
		}
		for (String line : subtitle) {
			y += 16;
			svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#555\">%s</text>%n", y, escape(line)));
		}

		int cpuTop = headerHeight + PANEL_HEADING;
		ratioPanel(svg, groups, contenders, groupWidth, leftWidth, cpuTop,
				"Server CPU time per message (per connection in E) relative to Netty: lower is leaner",
				ComparisonReport.Row::cpuRatio, ComparisonReport.Row::cpuRatioLow, ComparisonReport.Row::cpuRatioHigh,
				(row) -> !row.decided(), (row) -> String.format(Locale.ROOT,
						"%s %s: CPU %.2f us per op, %.2fx netty, server busy %.0f%%%s; saturated rounds %s",
						row.scenario().name(), row.contender(), row.cpuMicrosPerOp(), row.cpuRatio(),
						row.serverBusy() * 100, row.decided() ? "" : " (undecided)",
						(row.cpuRoundsCompared() == 0) ? "none"
								: String.format(Locale.ROOT, "%.2fx to %.2fx, leaner in %d of %d", row.cpuRatioLow(),
										row.cpuRatioHigh(), row.cpuRoundsLeaner(), row.cpuRoundsCompared())));
		int throughputTop = cpuTop + panelHeight;
		ratioPanel(svg, groups, contenders, groupWidth, leftWidth, throughputTop,
				"Throughput relative to Netty: higher is better",
				ComparisonReport.Row::ratio, ComparisonReport.Row::ratioLow, ComparisonReport.Row::ratioHigh,
				(row) -> false, (row) -> String.format(Locale.ROOT,
						"%s %s: %.2fx netty (%,.0f %s), p99 %,.0f us (%.2fx netty)%s; rounds from %.2fx to %.2fx, "
								+ "ahead in %d of %d",
						row.scenario().name(), row.contender(), row.ratio(), row.median(), row.scenario().unit(),
						row.p99Micros(), row.p99Ratio(),
						Double.isNaN(row.serverBusy()) ? ""
								: String.format(Locale.ROOT, ", server busy %.0f%%", row.serverBusy() * 100),
						row.ratioLow(), row.ratioHigh(), row.roundsAhead(), row.roundsCompared()));
		if (!memory.isEmpty()) {
			memoryPanel(svg, memory, leftWidth + 50, width - 20, throughputTop);
		}
		int lx = 10;
		for (String contender : contenders) {
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
					lx, height - 28, colour(contender)));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 16, height - 18,
					escape(contender)));
			lx += 30 + contender.length() * 7;
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	/**
	 * Bars of one ratio per scenario and contender, with the lowest-to-highest-round line. The scale
	 * covers the highest whisker (up to {@link #RATIO_CAP}); a value above the cap is printed at the top.
	 */
	private static void ratioPanel(StringBuilder svg, Map<String, List<ComparisonReport.Row>> groups,
			List<String> contenders, int groupWidth, int leftWidth, int top, String heading,
			ToDoubleFunction<ComparisonReport.Row> ratio, ToDoubleFunction<ComparisonReport.Row> low,
			ToDoubleFunction<ComparisonReport.Row> high, Predicate<ComparisonReport.Row> undecided,
			java.util.function.Function<ComparisonReport.Row, String> tooltip) {
		svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", top - 12,
				escape(heading)));
		double max = 1.2;
		for (List<ComparisonReport.Row> rows : groups.values()) {
			for (ComparisonReport.Row row : rows) {
				for (double value : new double[] { ratio.applyAsDouble(row), high.applyAsDouble(row) }) {
					if (!Double.isNaN(value)) {
						max = Math.max(max, value * 1.08);
					}
				}
			}
		}
		max = Math.min(max, RATIO_CAP);
		int x0 = 50;
		int yBase = top + PLOT_HEIGHT;
		axis(svg, x0, leftWidth - 10, top, max, "x", (max <= 1.6) ? 0.2 : 0.5);
		double oneY = yBase - PLOT_HEIGHT / max;
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\" "
				+ "stroke-dasharray=\"4 3\"/>%n", x0, oneY, leftWidth - 10, oneY));
		int gx = x0 + 12;
		for (Map.Entry<String, List<ComparisonReport.Row>> group : groups.entrySet()) {
			for (ComparisonReport.Row row : group.getValue()) {
				double value = ratio.applyAsDouble(row);
				if (Double.isNaN(value)) {
					continue;
				}
				int bx = gx + contenders.indexOf(row.contender()) * BAR_WIDTH;
				int centre = bx + BAR_WIDTH / 2 - 1;
				double shown = Math.min(value, max);
				boolean faded = undecided.test(row);
				svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"%s>"
						+ "<title>%s</title></rect>%n", bx, yBase - shown / max * PLOT_HEIGHT, BAR_WIDTH - 2,
						shown / max * PLOT_HEIGHT, colour(row.contender()), faded ? " fill-opacity=\"0.35\"" : "",
						escape(tooltip.apply(row))));
				double lowValue = low.applyAsDouble(row);
				double highValue = high.applyAsDouble(row);
				double topOfMarks = Math.max(value, Double.isNaN(highValue) ? value : highValue);
				if (!Double.isNaN(lowValue) && lowValue != highValue) {
					svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
							+ "stroke=\"#222\"/>%n", centre, yBase - Math.min(lowValue, max) / max * PLOT_HEIGHT, centre,
							yBase - Math.min(highValue, max) / max * PLOT_HEIGHT));
				}
				if (topOfMarks > max) {
					svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
							+ "font-size=\"9\">%.1f</text>%n", centre, top - 2, topOfMarks));
				}
				if (faded) {
					svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" "
							+ "font-size=\"10\" fill=\"#555\">?</text>%n", centre,
							Math.max(top + 10, yBase - Math.min(topOfMarks, max) / max * PLOT_HEIGHT - 3)));
				}
			}
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
					+ "font-weight=\"bold\">%s</text>%n", gx + contenders.size() * BAR_WIDTH / 2, yBase + 16,
					group.getKey()));
			gx += groupWidth;
		}
	}

	private static void memoryPanel(StringBuilder svg, List<ComparisonReport.Row> memory, int mx0, int right, int top) {
		double maxKib = 1;
		for (ComparisonReport.Row row : memory) {
			if (!Double.isNaN(row.median())) {
				maxKib = Math.max(maxKib, row.median() / 1024 * 1.15);
			}
		}
		int yBase = top + PLOT_HEIGHT;
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", mx0 - 40,
				top - 12, escape("F: KiB per idle connection")));
		axis(svg, mx0, right, top, maxKib, "", niceStep(maxKib));
		int bx = mx0 + 12;
		for (ComparisonReport.Row row : memory) {
			if (!Double.isNaN(row.median())) {
				double kib = row.median() / 1024;
				svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
						+ "<title>%s</title></rect>%n", bx, yBase - kib / maxKib * PLOT_HEIGHT, BAR_WIDTH,
						kib / maxKib * PLOT_HEIGHT, colour(row.contender()), escape(String.format(Locale.ROOT,
								"%s: %.2f KiB per idle connection", row.contender(), kib))));
				svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" "
						+ "font-size=\"10\">%.1f</text>%n", bx + BAR_WIDTH / 2, yBase - kib / maxKib * PLOT_HEIGHT - 4,
						kib));
			}
			bx += BAR_WIDTH + 14;
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">lower is better</text>%n", mx0,
				yBase + 16));
	}

	/**
	 * Greedy word wrap for an estimated character width.
	 * @return the lines, at least one
	 */
	static List<String> wrap(String text, int widthPixels, double charWidth) {
		int perLine = Math.max(10, (int) (widthPixels / charWidth));
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.split(" ")) {
			if (line.length() > 0 && line.length() + 1 + word.length() > perLine) {
				lines.add(line.toString());
				line.setLength(0);
			}
			if (line.length() > 0) {
				line.append(' ');
			}
			line.append(word);
		}
		lines.add(line.toString());
		return lines;
	}

	private static void axis(StringBuilder svg, int x0, int x1, int top, double max, String suffix, double step) {
		int yBase = top + PLOT_HEIGHT;
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x0,
				top, x0, yBase));
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

	private static String colour(String contender) {
		return COLOURS.getOrDefault(contender, FALLBACK_COLOUR);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
