package dev.sockloop.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value} pairs and bare {@code --flag}s.
 *
 * <p>Every option a command reads is recorded, so that {@link #rejectUnknown()} can name a
 * misspelled option instead of silently running a benchmark with defaults.
 */
public final class Arguments {

	private final Map<String, String> values;

	private final Set<String> read = new LinkedHashSet<>();

	private Arguments(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * Parses options. A {@code --name} followed by another option or by nothing is a flag (value
	 * {@code "true"}); {@code --name=value} is accepted as well.
	 * @param args the command-line words after the subcommand
	 * @return the parsed options
	 * @throws IllegalArgumentException for a word that is not an option
	 */
	public static Arguments parse(String... args) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String word = args[i];
			if (!word.startsWith("--") || word.length() == 2) {
				throw new IllegalArgumentException("Expected an option starting with --, got '" + word + "'");
			}
			String name = word.substring(2);
			int equals = name.indexOf('=');
			if (equals >= 0) {
				values.put(name.substring(0, equals), name.substring(equals + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				values.put(name, args[++i]);
			}
			else {
				values.put(name, "true");
			}
		}
		return new Arguments(values);
	}

	/**
	 * A string option.
	 * @param name option name without dashes
	 * @param defaultValue value when absent
	 * @return the value
	 */
	public String string(String name, String defaultValue) {
		this.read.add(name);
		return this.values.getOrDefault(name, defaultValue);
	}

	/**
	 * An integer option; {@code _} separators are allowed ({@code 15_000}) and so are {@code k}
	 * (x1024) and {@code m} (x1024x1024) suffixes for sizes.
	 * @param name option name without dashes
	 * @param defaultValue value when absent
	 * @return the value
	 */
	public int integer(String name, int defaultValue) {
		String value = string(name, null);
		return (value != null) ? parseSize(name, value) : defaultValue;
	}

	/**
	 * A boolean flag: present (or {@code true}) means on.
	 * @param name option name without dashes
	 * @return whether the flag is on
	 */
	public boolean flag(String name) {
		String value = string(name, "false");
		return Boolean.parseBoolean(value);
	}

	/**
	 * A duration option such as {@code 10s}, {@code 500ms}, {@code 2m} or a bare number of seconds.
	 * @param name option name without dashes
	 * @param defaultValue value when absent
	 * @return the value
	 */
	public Duration duration(String name, Duration defaultValue) {
		String value = string(name, null);
		return (value != null) ? parseDuration(name, value) : defaultValue;
	}

	/**
	 * A comma-separated list option.
	 * @param name option name without dashes
	 * @param defaultValue values when absent
	 * @return the values, trimmed, empty entries dropped
	 */
	public List<String> list(String name, List<String> defaultValue) {
		String value = string(name, null);
		if (value == null) {
			return defaultValue;
		}
		List<String> items = new ArrayList<>();
		for (String item : value.split(",")) {
			if (!item.isBlank()) {
				items.add(item.trim());
			}
		}
		return items;
	}

	/**
	 * Fails if an option was given that no call to this object asked for.
	 * @throws IllegalArgumentException naming the unknown options
	 */
	public void rejectUnknown() {
		List<String> unknown = new ArrayList<>(this.values.keySet());
		unknown.removeAll(this.read);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown option(s): --" + String.join(", --", unknown)
					+ "; known here: --" + String.join(", --", this.read));
		}
	}

	static Duration parseDuration(String name, String value) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (text.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
			}
			if (text.endsWith("s")) {
				return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
			}
			if (text.endsWith("m")) {
				return Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
			}
			return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " expects a duration like 10s or 500ms, got '" + value + "'");
		}
	}

	static int parseSize(String name, String value) {
		String text = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
		int multiplier = 1;
		if (text.endsWith("k") || text.endsWith("kib")) {
			multiplier = 1024;
			text = text.substring(0, text.indexOf('k'));
		}
		else if (text.endsWith("m") || text.endsWith("mib")) {
			multiplier = 1024 * 1024;
			text = text.substring(0, text.indexOf('m'));
		}
		try {
			return Math.multiplyExact(Integer.parseInt(text), multiplier);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new IllegalArgumentException("--" + name + " expects a whole number, got '" + value + "'");
		}
	}

	@Override
	public String toString() {
		return Arrays.toString(this.values.entrySet().toArray());
	}

}
