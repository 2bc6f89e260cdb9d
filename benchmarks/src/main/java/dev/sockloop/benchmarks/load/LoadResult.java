package dev.sockloop.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.sockloop.benchmarks.report.Json;

/**
 * What one load run measured.
 *
 * @param connections connections still open and healthy when measuring ended
 * @param seconds length of the measured window
 * @param messages echoed messages completed in the window
 * @param messagesPerSecond messages / seconds
 * @param megabytesPerSecond echoed payload bytes per second, in 10^6 bytes
 * @param p50Micros median round-trip latency
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros maximum
 * @param errors corrupt echoes, failed connects and connections lost while running
 */
public record LoadResult(int connections, double seconds, long messages, double messagesPerSecond,
		double megabytesPerSecond, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
		long errors) {

	/**
	 * One line of JSON, the format the compare command parses.
	 * @return the JSON object
	 */
	public String toJson() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("kind", "load");
		fields.put("connections", this.connections);
		fields.put("seconds", this.seconds);
		fields.put("messages", this.messages);
		fields.put("msgsPerSec", this.messagesPerSecond);
		fields.put("mbPerSec", this.megabytesPerSecond);
		fields.put("p50Us", this.p50Micros);
		fields.put("p99Us", this.p99Micros);
		fields.put("p999Us", this.p999Micros);
		fields.put("maxUs", this.maxMicros);
		fields.put("errors", this.errors);
		return Json.write(fields);
	}

	/**
	 * A one-line summary for people.
	 * @return the summary
	 */
	public String describe() {
		return String.format("%d connections, %.1f s: %,.0f msgs/s, %.1f MB/s, latency p50 %.0f us, p99 %.0f us, "
				+ "p999 %.0f us, max %.0f us, errors %d", this.connections, this.seconds, this.messagesPerSecond,
				this.megabytesPerSecond, this.p50Micros, this.p99Micros, this.p999Micros, this.maxMicros,
				this.errors);
	}

}
