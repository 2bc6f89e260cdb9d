package dev.sockloop.benchmarks.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One contender's run of one scenario in one round.
 *
 * @param round the round, from 1
 * @param scenario the scenario
 * @param contender who served
 * @param values the figures the load command printed (and, for F, the memory readings)
 * @param failure why the run produced no figures, or {@code null}
 */
record Measurement(int round, Scenario scenario, String contender, Map<String, Object> values, String failure) {

	/**
	 * A figure of this run.
	 * @param key the JSON key
	 * @return the value, or NaN when absent
	 */
	double value(String key) {
		Object value = (this.values != null) ? this.values.get(key) : null;
		return (value instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

	boolean succeeded() {
		return this.failure == null;
	}

	Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("round", this.round);
		map.put("scenario", this.scenario.name());
		map.put("contender", this.contender);
		if (this.values != null) {
			map.put("values", this.values);
		}
		if (this.failure != null) {
			map.put("failure", this.failure);
		}
		return map;
	}

}
