package dev.sockloop.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;

/**
 * Registers function counters with one registry and one set of tags: the shape every Sockloop
 * meter binder repeats for each counter the engine keeps (name, the object counted and how, a
 * description, the tags, and for bytes the base unit).
 */
final class FunctionCounters {

	private final MeterRegistry registry;

	private final Tags tags;

	FunctionCounters(MeterRegistry registry, Tags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	/** Counters with one tag more, such as a reason or an outcome. */
	FunctionCounters and(String key, String value) {
		return new FunctionCounters(this.registry, this.tags.and(key, value));
	}

	/** Registers a counter of events. */
	<T> void count(String name, T counted, ToDoubleFunction<T> count, String description) {
		register(name, counted, count, description, null);
	}

	/** Registers a counter of bytes. */
	<T> void bytes(String name, T counted, ToDoubleFunction<T> count, String description) {
		register(name, counted, count, description, BaseUnits.BYTES);
	}

	private <T> void register(String name, T counted, ToDoubleFunction<T> count, String description,
			String baseUnit) {
		FunctionCounter.builder(name, counted, count)
			.description(description)
			.baseUnit(baseUnit)
			.tags(this.tags)
			.register(this.registry);
	}

}
